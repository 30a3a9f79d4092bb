import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse

from knowledgebase.models import Article, Language
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def form_data(**overrides):
    data = {"question": "Hur skickar jag fakturor?", "answer": "Välj **Skicka**.",
            "module": "", "language": "sv", "visibility": "public", "is_published": "on",
            "translation_of": ""}
    return {**data, **overrides}


def test_changelist_with_filters_and_search(admin_client):
    ArticleFactory(question="Hur skickar jag en faktura?")
    url = reverse("admin:knowledgebase_article_changelist")
    response = admin_client.get(url, {"q": "skickar", "language__exact": "sv",
                                      "is_published__exact": "1"})
    assert response.status_code == 200
    assert "Hur skickar jag en faktura?" in response.content.decode()


def test_change_page_shows_the_sanitised_preview(admin_client):
    article = ArticleFactory(answer="**Fet** <script>alert(1)</script>")
    html = admin_client.get(reverse("admin:knowledgebase_article_change",
                                    args=[article.pk])).content.decode()
    assert "<strong>Fet</strong>" in html
    assert "<script>alert(1)" not in html
    assert reverse("admin:knowledgebase_article_preview", args=[article.pk]) in html


def test_preview_page_shows_unpublished_articles_to_staff_only(admin_client, client):
    article = ArticleFactory(is_published=False, question="Utkast")
    url = reverse("admin:knowledgebase_article_preview", args=[article.pk])
    response = admin_client.get(url)
    assert response.status_code == 200 and 'id="kb-preview"' in response.content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to the admin login


def test_adding_through_admin_links_the_translation_and_indexes(admin_client):
    swedish = ArticleFactory(language=Language.SWEDISH)
    response = admin_client.post(reverse("admin:knowledgebase_article_add"), form_data(
        question="Miten lähetän laskut?", language="fi", translation_of=swedish.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    finnish = Article.objects.get(language="fi")
    assert finnish.translation_group == swedish.translation_group
    if connection.vendor == "postgresql":
        query = SearchQuery("laskut", config="finnish")
        assert Article.objects.filter(pk=finnish.pk, search_vector=query).exists()


def test_admin_refuses_a_second_article_in_the_same_language(admin_client):
    swedish = ArticleFactory(language=Language.SWEDISH)
    response = admin_client.post(reverse("admin:knowledgebase_article_add"),
                                 form_data(translation_of=swedish.pk))
    assert response.status_code == 200
    assert "already has an article in this language" in response.content.decode()
    assert Article.objects.count() == 1


def test_editing_the_question_in_admin_refreshes_the_search_vector(admin_client):
    article = ArticleFactory(question="Gammal rubrik")
    response = admin_client.post(
        reverse("admin:knowledgebase_article_change", args=[article.pk]),
        form_data(question="Hur skickar jag fakturor?"))
    assert response.status_code == 302
    if connection.vendor == "postgresql":
        query = SearchQuery("faktura", config="swedish")
        assert Article.objects.filter(pk=article.pk, search_vector=query).exists()


def test_publish_action(admin_client):
    draft = ArticleFactory(is_published=False)
    admin_client.post(reverse("admin:knowledgebase_article_changelist"),
                      {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published
