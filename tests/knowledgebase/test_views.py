import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from knowledgebase.models import Article, ArticleVote, DeflectionEvent, Language
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def swedish_client(client):
    client.cookies["django_language"] = "sv"
    return client


def page(client, url, **params):
    """The response and its text, highlight marks removed so questions read as written."""
    response = client.get(url, params)
    return response, re.sub(r"</?mark>", "", response.content.decode())


# --- who may see what -----------------------------------------------------------------------

def test_hidden_articles_are_404_for_the_article_url(client, library, superuser):
    client.force_login(superuser)
    assert client.get(library.own_module.get_absolute_url()).status_code == 200
    for hidden in (library.foreign_module, library.unpublished, library.inactive_licence):
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert client.post(reverse("knowledgebase:vote", args=[hidden.pk]),
                           {"helpful": "yes"}).status_code == 404
    assert client.get(reverse("knowledgebase:article", args=[999999])).status_code == 404


def test_anonymous_visitors_read_public_articles_only(client, library):
    assert client.get(library.public.get_absolute_url()).status_code == 200
    assert client.get(library.own_module.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url_name", ["home", "search", "suggest"])
@pytest.mark.parametrize("logged_in", [True, False])
def test_listings_show_only_readable_articles(swedish_client, library, superuser, url_name,
                                              logged_in):
    if logged_in:
        superuser.language = "sv"
        superuser.save(update_fields=["language"])
        swedish_client.force_login(superuser)
    _, html = page(swedish_client, reverse(f"knowledgebase:{url_name}"), q="faktura")
    assert library.public.question in html
    assert (library.own_module.question in html) is logged_in
    for hidden in (library.foreign_module, library.unpublished, library.inactive_licence):
        assert hidden.question not in html


# --- pages ----------------------------------------------------------------------------------

def test_home_groups_by_module(swedish_client, payroll):
    ArticleFactory(question="Allmän fråga")
    ArticleFactory(question="Lönefråga", module=payroll)
    ArticleFactory(question="Kysymys palkasta", module=payroll, language=Language.FINNISH)
    response, html = page(swedish_client, reverse("knowledgebase:home"))
    assert response.status_code == 200
    assert 'id="module-general"' in html and 'id="module-payroll"' in html
    assert "Lönefråga" in html and "Kysymys palkasta" not in html
    _, html = page(swedish_client, reverse("knowledgebase:home"), language="all")
    assert "Kysymys palkasta" in html


def test_search_page_lists_results_in_the_active_language(client):
    ArticleFactory(question="Hur skickar jag en faktura?")
    ArticleFactory(question="How do I send a faktura?", language=Language.ENGLISH)
    client.cookies["django_language"] = "en"
    response, html = page(client, reverse("knowledgebase:search"), q="faktura")
    assert response.status_code == 200
    assert "How do I send a" in html and "Hur skickar jag" not in html
    _, html = page(client, reverse("knowledgebase:search"), q="faktura", language="all")
    assert "How do I send a" in html and "Hur skickar jag" in html


def test_search_filters_by_module_and_ignores_an_unknown_module(swedish_client, payroll, stock):
    ArticleFactory(question="Faktura för lön", module=payroll)
    ArticleFactory(question="Faktura för lager", module=stock)
    _, html = page(swedish_client, reverse("knowledgebase:search"), q="faktura", module="stock")
    assert "för lager" in html and "för lön" not in html
    response, html = page(swedish_client, reverse("knowledgebase:search"), q="faktura",
                          module="no-such-module")
    assert response.status_code == 200 and "för lager" in html and "för lön" in html


def test_search_form_keeps_the_choices(swedish_client, stock):
    _, html = page(swedish_client, reverse("knowledgebase:search"), q="lager", module="stock",
                   language="all")
    assert 'value="stock" selected' in html and 'value="all" selected' in html
    assert 'value="lager"' in html


def test_search_results_are_paginated(swedish_client):
    for n in range(25):
        ArticleFactory(question=f"Faktura nummer {n}")
    _, first = page(swedish_client, reverse("knowledgebase:search"), q="faktura")
    _, second = page(swedish_client, reverse("knowledgebase:search"), q="faktura", page=2)
    assert first.count('class="mb-3 kb-result"') == 20
    assert second.count('class="mb-3 kb-result"') == 5
    assert "page=2" in first


def test_search_returns_only_the_results_to_htmx(swedish_client):
    ArticleFactory(question="Hur skickar jag en faktura?")
    response = swedish_client.get(reverse("knowledgebase:search"), {"q": "faktura"},
                                  headers={"HX-Request": "true", "HX-Target": "kb-results"})
    html = response.content.decode()
    assert html.lstrip().startswith("<div id=\"kb-results\"")
    assert "<html" not in html and "skickar jag" in html


def test_search_page_works_with_odd_input(swedish_client):
    for text in ['"', "&|!(", "<script>alert(1)</script>", "x" * 1000]:
        response, html = page(swedish_client, reverse("knowledgebase:search"), q=text)
        assert response.status_code == 200
        assert "<script>alert(1)" not in html


def test_article_page_renders_sanitised_markdown_and_links_translations(swedish_client):
    swedish = ArticleFactory(question="Hur krediterar jag en faktura?",
                             answer="1. Välj **Kreditera**\n\n<script>alert(1)</script>")
    ArticleFactory(question="Miten hyvitän laskun?", language=Language.FINNISH,
                   translation_group=swedish.translation_group)
    response, html = page(swedish_client, swedish.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>Kreditera</strong>" in html and "<script>alert(1)" not in html
    assert 'hreflang="fi"' in html and "Suomi" in html


def test_article_views_are_counted(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    article.refresh_from_db()
    assert article.view_count == 2


# --- votes ----------------------------------------------------------------------------------

def test_voting_needs_the_csrf_token():
    article = ArticleFactory()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("knowledgebase:vote", args=[article.pk]),
                       {"helpful": "yes"}).status_code == 403
    strict.get(article.get_absolute_url())
    token = strict.cookies["csrftoken"].value
    response = strict.post(reverse("knowledgebase:vote", args=[article.pk]),
                           {"helpful": "yes", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ArticleVote.objects.get().is_helpful is True


def test_anonymous_votes_count_once_per_session(client):
    article = ArticleFactory()
    url = reverse("knowledgebase:vote", args=[article.pk])
    client.post(url, {"helpful": "yes"})
    client.post(url, {"helpful": "no"})
    Client().post(url, {"helpful": "yes"})
    assert ArticleVote.objects.count() == 2
    assert sorted(ArticleVote.objects.values_list("is_helpful", flat=True)) == [False, True]


def test_logged_in_vote_with_htmx_returns_the_vote_block(client):
    article, user = ArticleFactory(), UserFactory()
    client.force_login(user)
    response = client.post(reverse("knowledgebase:vote", args=[article.pk]),
                           {"helpful": "no"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="vote"') and 'id="vote-thanks"' in html
    assert ArticleVote.objects.get().user == user


def test_a_bad_vote_is_refused(client):
    article = ArticleFactory()
    client.cookies["django_language"] = "sv"
    response = client.post(reverse("knowledgebase:vote", args=[article.pk]), {"helpful": "x"})
    assert response.status_code == 400
    assert "Hjälpte det här svaret dig?" in response.content.decode()  # the reason, translated
    assert client.get(reverse("knowledgebase:vote", args=[article.pk])).status_code == 405


# --- suggestions and deflection -------------------------------------------------------------

def test_suggest_returns_at_most_five_marked_links(swedish_client):
    for n in range(7):
        ArticleFactory(question=f"Faktura {n}")
    response, html = page(swedish_client, reverse("knowledgebase:suggest"), q="faktura")
    assert response.status_code == 200
    assert "<html" not in html
    assert html.count('class="kb-suggestion"') == 5
    assert "?from=case-form" in html


def test_suggest_reads_the_field_the_form_names(swedish_client):
    ArticleFactory(question="Hur skickar jag en faktura?")
    _, html = page(swedish_client, reverse("knowledgebase:suggest"), field="subject",
                   subject="faktura till kund", source="faq-search")
    assert "Hur skickar jag en faktura?" in html and "?from=faq-search" in html
    response = swedish_client.get(reverse("knowledgebase:suggest"), {"field": "a b"})
    assert response.status_code == 400


def test_suggest_stays_quiet_for_short_text_and_nothing_found(swedish_client):
    ArticleFactory(question="Faktura")
    for text in ("fa", "zzzzzzzz qqqqqq"):
        _, html = page(swedish_client, reverse("knowledgebase:suggest"), q=text)
        assert "kb-suggestion" not in html


def test_suggest_falls_back_to_other_languages(client):
    ArticleFactory(question="Hur skickar jag en faktura?")
    client.cookies["django_language"] = "fi"
    _, html = page(client, reverse("knowledgebase:suggest"), q="faktura")
    assert "Hur skickar jag en faktura?" in html


def test_opening_a_suggestion_is_recorded_once_then_redirects_to_the_clean_url(client, superuser):
    article = ArticleFactory()
    client.force_login(superuser)
    response = client.get(article.get_absolute_url(), {"from": "case-form"})
    assert response.status_code == 302 and response.url == article.get_absolute_url()
    event = DeflectionEvent.objects.get()
    assert (event.article, event.user, event.customer_id, event.source) == (
        article, superuser, superuser.customer_id, "case-form")
    client.get(response.url)
    assert DeflectionEvent.objects.count() == 1
    assert Article.objects.get(pk=article.pk).view_count == 1


def test_unknown_markers_and_anonymous_openings_are_not_recorded(client):
    article = ArticleFactory()
    assert client.get(article.get_absolute_url(), {"from": "elsewhere"}).status_code == 200
    assert client.get(article.get_absolute_url(), {"from": "case-form"}).status_code == 302
    assert not DeflectionEvent.objects.exists()


def test_the_suggestions_include_wires_htmx_to_the_named_input():
    from django.template.loader import render_to_string

    html = render_to_string("knowledgebase/includes/suggestions_field.html",
                            {"field_id": "id_subject", "field_name": "subject"})
    assert 'hx-get="/faq/suggest/"' in html
    assert 'hx-trigger="input changed delay:400ms from:#id_subject' in html
    assert 'hx-include="#id_subject"' in html
    hx_vals = re.search(r"hx-vals='([^']*)'", html).group(1)
    assert json.loads(hx_vals) == {"field": "subject", "source": "case-form"}
