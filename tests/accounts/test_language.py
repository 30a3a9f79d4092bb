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
