import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from knowledgebase.models import Article, ArticleVote, DeflectionEvent, Language, Visibility
from knowledgebase.services import (
    ARTICLE_MODULE_REQUIRED,
    ARTICLE_TRANSLATION_EXISTS,
    article_bulk_create,
    article_create,
    article_publish_set,
    article_save,
    article_update,
    article_view_record,
    article_vote,
    deflection_open_record,
    deflection_record_case_registered,
)
from tests.factories import (
    ArticleFactory,
    DeflectionEventFactory,
    ModuleFactory,
    UserFactory,
    make_superuser,
)

pytestmark = pytest.mark.django_db


def vector_of(article: Article) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM knowledgebase_article WHERE id = %s",
                       [article.pk])
        return cursor.fetchone()[0]


def test_create_links_a_translation_into_the_same_group():
    swedish = article_create(question="Hur krediterar jag en faktura?", answer="Så här.",
                             language=Language.SWEDISH)
    finnish = article_create(question="Miten hyvitän laskun?", answer="Näin.",
                             language=Language.FINNISH, translation_of=swedish)
    assert finnish.translation_group == swedish.translation_group


def test_a_group_has_one_article_per_language():
    swedish = ArticleFactory(language=Language.SWEDISH)
    with pytest.raises(ValidationError) as error:
        article_create(question="Dubblett", answer="x", language=Language.SWEDISH,
                       translation_of=swedish)
    assert error.value.messages == [str(ARTICLE_TRANSLATION_EXISTS)]


def test_module_internal_articles_need_a_module():
    with pytest.raises(ValidationError) as error:
        article_create(question="Q", answer="A", language="en", visibility=Visibility.MODULE)
    assert error.value.message_dict == {"module": [str(ARTICLE_MODULE_REQUIRED)]}


def test_update_saves_only_what_changed():
    article = ArticleFactory(question="Gammal fråga", view_count=7)
    Article.objects.filter(pk=article.pk).update(view_count=9)  # a view counted meanwhile
    article_update(article=article, data={"question": "Ny fråga"})
    article.refresh_from_db()
    assert article.question == "Ny fråga"
    assert article.view_count == 9


def test_update_refuses_unknown_fields():
    with pytest.raises(TypeError):
        article_update(article=ArticleFactory(), data={"view_count": 0})


def test_views_are_counted_without_touching_the_updated_date():
    article = ArticleFactory()
    before = article.updated_at
    article_view_record(article=article)
    article_view_record(article=article)
    article.refresh_from_db()
    assert article.view_count == 2
    assert article.updated_at == before


def test_publish_set():
    drafts = [ArticleFactory(is_published=False) for _ in range(2)]
    assert article_publish_set(article_ids=[a.pk for a in drafts], is_published=True) == 2
    assert Article.objects.filter(is_published=True).count() == 2


class TestVotes:
    def test_one_vote_per_person_and_a_second_vote_changes_it(self):
        article, user = ArticleFactory(), UserFactory()
        article_vote(article=article, user=user, session_key=None, is_helpful=True)
        article_vote(article=article, user=user, session_key=None, is_helpful=False)
        assert list(ArticleVote.objects.values_list("is_helpful", flat=True)) == [False]

    def test_logged_out_votes_count_once_per_session(self):
        article = ArticleFactory()
        for helpful in (True, True, False):
            article_vote(article=article, user=AnonymousUser(), session_key="s1",
                         is_helpful=helpful)
        article_vote(article=article, user=AnonymousUser(), session_key="s2", is_helpful=True)
        assert ArticleVote.objects.count() == 2

    def test_a_vote_needs_someone(self):
        with pytest.raises(ValidationError):
            article_vote(article=ArticleFactory(), user=AnonymousUser(), session_key="",
                         is_helpful=True)


class TestDeflection:
    def test_opening_is_recorded_for_people_not_for_anonymous_visitors(self):
        article, user = ArticleFactory(), make_superuser()
        event = deflection_open_record(article=article, user=user)
        assert event.customer_id == user.customer_id
        assert deflection_open_record(article=article, user=AnonymousUser()) is None
        assert DeflectionEvent.objects.count() == 1

    def test_a_case_registered_afterwards_marks_only_that_persons_recent_openings(self):
        user, other = UserFactory(), UserFactory()
        now = timezone.now()
        old = DeflectionEventFactory(user=user, opened_at=now - dt.timedelta(hours=3))
        recent = DeflectionEventFactory(user=user, opened_at=now - dt.timedelta(minutes=5))
        someone_else = DeflectionEventFactory(user=other, opened_at=now - dt.timedelta(minutes=5))

        marked = deflection_record_case_registered(user=user, since=now - dt.timedelta(hours=1))

        assert marked == 1
        for event in (old, recent, someone_else):
            event.refresh_from_db()
        assert (old.case_registered, recent.case_registered, someone_else.case_registered) == (
            False, True, False)
        assert recent.case_registered_at is not None
        assert deflection_record_case_registered(
            user=user, since=now - dt.timedelta(hours=1)) == 0


class TestSearchVector:
    """The stored vector: PostgreSQL only."""

    pytestmark = pytest.mark.usefixtures("postgres_only")

    def test_create_stores_weighted_vector_in_the_articles_language(self):
        article = article_create(question="Hur krediterar jag fakturor?",
                                 answer="Öppna fakturan.", language=Language.SWEDISH)
        vector = vector_of(article)
        assert "'faktur':4A" in vector  # Swedish stem, question weight A
        assert "'oppn':5B" in vector  # answer weight B, diacritics folded

    def test_saving_a_stale_instance_keeps_vector_and_views(self):
        article = article_create(question="Hur krediterar jag fakturor?", answer="Så här.",
                                 language=Language.SWEDISH)
        article_view_record(article=article)
        article.is_published = True
        article_save(article=article)  # the instance still has no vector and 0 views
        article.refresh_from_db()
        assert article.view_count == 1
        assert "'faktur'" in vector_of(article)

    def test_update_of_the_text_refreshes_the_vector(self):
        article = article_create(question="Miten hyvitän laskun?", answer="Näin.",
                                 language=Language.FINNISH)
        article_update(article=article, data={"question": "Miten lähetän laskut?"})
        assert "'lahet'" in vector_of(article)  # lähetän, folded
        assert "'hyvit'" not in vector_of(article)

    def test_bulk_create_gives_every_article_a_vector(self):
        module = ModuleFactory()
        articles = article_bulk_create(articles=[
            Article(question=f"Question {n} about invoices", answer="Answer", language="en",
                    module=module, is_published=True)
            for n in range(25)
        ], batch_size=10)
        assert len(articles) == 25
        assert not Article.objects.filter(search_vector__isnull=True).exists()
        assert "'invoic':4A" in vector_of(articles[0])
