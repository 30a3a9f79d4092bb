import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signed_in_choice_is_saved_and_beats_the_browser(client):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post(reverse("accounts:language"), {"language": "fi", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "fi"
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="sv")
    assert page["Content-Language"] == "fi"
    assert 'lang="fi"' in page.content.decode()


def test_anonymous_choice_is_kept_in_a_cookie(client):
    client.post(reverse("accounts:language"), {"language": "sv", "next": "/"})
    page = client.get(reverse("home"))
    assert 'lang="sv"' in page.content.decode()


def test_language_switch_never_redirects_off_site(client):
    response = client.post(reverse("accounts:language"),
                           {"language": "sv", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_unknown_language_changes_nothing(client):
    user = UserFactory(language="en")
    client.force_login(user)
    client.post(reverse("accounts:language"), {"language": "de", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_finnish_customers_read_times_in_helsinki_time(client):
    import datetime as dt

    from tests.factories import LicenceFactory, make_superuser, register_case

    reporter = make_superuser(licence=LicenceFactory(customer__office_country="FI"),
                              language="en")
    # Wed 11 Feb 2026 08:00 UTC = 10:00 in Helsinki; level 1 = 2 open hours, lunch 11-12.
    case = register_case(reporter=reporter, service_level=1,
                         now=dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC))
    client.force_login(reporter)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Wed 11 Feb 13:00" in page
