"""Errors are pages in the portal's layout, in the reader's language, with a way back."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path, reverse

from portal import errors
from tests.factories import make_superuser, register_case

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("a bug")


def _forbidden(request):
    raise PermissionDenied


# This module doubles as a URL conf: the portal's URLs and handlers, plus two views that
# fail, so the handlers are exercised the way Django calls them in production.
urlpatterns = [
    path("boom/", _boom),
    path("forbidden/", _forbidden),
    path("", include("kundcenter.urls")),
]
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")


def test_404_is_translated_and_leads_back(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page and f'href="{reverse("home")}"' in page
    assert 'id="language-select"' in page  # the portal's own layout


@pytest.mark.parametrize(("language", "title"), [("sv", "Sidan hittades inte"),
                                               ("fi", "Sivua ei löytynyt")])
def test_404_speaks_the_readers_language(client, language, title):
    page = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'lang="{language}"' in page and title in page


def test_another_customers_case_is_the_same_404(client):
    owner = make_superuser(language="en")
    other = make_superuser(language="en")
    case = register_case(reporter=owner)
    client.force_login(other)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 404
    assert reverse("cases:case_list") in response.content.decode()


def test_403_page(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    response = errors.permission_denied(request)
    assert response.status_code == 403 and b"You may not open this page" in response.content


def test_500_page_renders_in_the_layout(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    response = errors.server_error(request)
    assert response.status_code == 500 and b"Something went wrong" in response.content


def test_csrf_failure_explains_what_to_do():
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(reverse("accounts:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert b"The form had expired" in response.content


def test_a_crash_shows_the_500_page_in_the_layout(production_like):
    response = production_like.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page and 'id="language-select"' in page
    assert f'href="{reverse("home")}"' in page and f'href="{reverse("contact")}"' in page


def test_the_500_page_survives_a_broken_context(production_like, monkeypatch):
    """What failed may be the database the page's context processors read."""

    def database_down(request):
        raise RuntimeError("database down")

    monkeypatch.setattr("superusers.context_processors.support_eligibility", database_down)
    response = production_like.get("/boom/", HTTP_ACCEPT_LANGUAGE="sv")
    page = response.content.decode()
    assert response.status_code == 500
    assert 'id="error-page" data-status="500"' in page and 'lang="sv"' in page
    assert f'href="{reverse("home")}"' in page


def test_a_signed_in_superuser_is_offered_the_case_list(production_like):
    production_like.force_login(make_superuser(language="en"))
    for url, status in (("/boom/", 500), ("/forbidden/", 403), ("/no-such-page/", 404)):
        response = production_like.get(url)
        assert response.status_code == status
        assert f'href="{reverse("cases:case_list")}"' in response.content.decode()


def test_an_anonymous_visitor_gets_no_case_list_link(production_like):
    page = production_like.get("/forbidden/").content.decode()
    assert "You may not open this page" in page
    assert f'href="{reverse("cases:case_list")}"' not in page


def test_csrf_failure_in_production_settings(production_like):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="fi")
    response = client.post(reverse("accounts:login"), {"username": "a", "password": "b"})
    page = response.content.decode()
    assert response.status_code == 403
    assert 'data-status="403"' in page and 'lang="fi"' in page
    assert f'href="{reverse("contact")}"' in page
