"""The footer form is rendered once per language and field set; each page must
still get its own language, the right fields, and a bound form its errors."""

import pytest
from django.urls import reverse
from django.utils.html import escape

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


def _footer(html: str) -> str:
    start = html.index('<section id="feedback"')
    return html[start:html.index("</section>", start)]


def test_each_page_gets_its_own_address_and_token_in_the_shared_footer(client):
    client.force_login(make_superuser(language="en"))
    faq = reverse("knowledgebase:home") + "?q=printer&page=2"
    cases = reverse("cases:case_list") + "?page=2"
    footers = [_footer(client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode())
               for path in (faq, cases)]
    assert f'name="page" value="{escape(faq)}"' in footers[0]
    assert f'name="page" value="{escape(cases)}"' in footers[1]
    for footer in footers:
        assert "standin" not in footer
        token = footer.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert len(token) == 64  # a masked token, as {% csrf_token %} writes it


def test_the_shared_footer_is_what_the_template_renders_for_the_page(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.utils import translation

    from feedback.forms import feedback_form_for
    from feedback.templatetags.feedback_tags import FOOTER_TEMPLATE, feedback_footer

    request = rf.get("/faq/?q=printer")
    request.user = AnonymousUser()
    with translation.override("fi"):
        ours = feedback_footer({"request": request, "csrf_token": "abc123"})
        theirs = render_to_string(FOOTER_TEMPLATE, {
            "form": feedback_form_for(request), "csrf_token": "abc123", "request": request})
    assert ours == theirs
