"""Errors are pages in the portal's layout, in the reader's language, with a way back."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from portal import errors
from tests.factories import make_superuser, register_case

pytestmark = pytest.mark.django_db


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
