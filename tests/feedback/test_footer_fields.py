"""The footer form's fields are rendered once per language and field set; each page must
still get its own language, the right fields, and a bound form its errors."""

import pytest
from django.urls import reverse

from tests.factories import make_superuser

pytestmark = pytest.mark.django_db


def _page(client, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(reverse("knowledgebase:home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_each_language_gets_its_own_fields(client):
    assert "What is it about?" in _page(client, "en")
    swedish = _page(client, "sv")
    assert "What is it about?" not in swedish
    assert 'id="feedback-topic"' in swedish
    assert "What is it about?" in _page(client, "en")


def test_visitors_are_asked_for_an_email_and_signed_in_people_are_not(client):
    assert 'id="feedback-email"' in _page(client, "en")
    client.force_login(make_superuser(language="en"))
    page = _page(client, "en")
    assert 'id="feedback-topic"' in page
    assert 'id="feedback-email"' not in page


def test_a_refused_form_shows_its_errors(client):
    response = client.post(reverse("feedback:create"), {"topic": "suggestion", "text": "x"},
                           HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "is-invalid" in html
    assert "What is it about?" in _page(client, "en")
    assert "is-invalid" not in _page(client, "en")
