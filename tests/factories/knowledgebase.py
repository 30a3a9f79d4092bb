"""Factories for the knowledge base. Articles are saved through ``article_save`` so that, on
PostgreSQL, they have a search vector like every real article."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from knowledgebase.models import (
    Article,
    ArticleVote,
    DeflectionEvent,
    DeflectionSource,
    Language,
    Visibility,
)
from knowledgebase.services import article_save

__all__ = ["ArticleFactory", "ArticleVoteFactory", "DeflectionEventFactory"]


class ArticleFactory(DjangoModelFactory[Article]):
    class Meta:
        model = Article

    question = factory.Sequence(lambda n: f"Testfråga nummer {n}?")
    answer = "Ett **svar** på frågan."
    language = Language.SWEDISH
    module = None
    visibility = Visibility.PUBLIC
    is_published = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return article_save(article=model_class(*args, **kwargs))


class ArticleVoteFactory(DjangoModelFactory[ArticleVote]):
    class Meta:
        model = ArticleVote

    article = factory.SubFactory(ArticleFactory)
    user = factory.SubFactory("tests.factories.core.UserFactory")
    is_helpful = True


class DeflectionEventFactory(DjangoModelFactory[DeflectionEvent]):
    class Meta:
        model = DeflectionEvent

    article = factory.SubFactory(ArticleFactory)
    user = factory.SubFactory("tests.factories.core.UserFactory")
    customer = None
    source = DeflectionSource.CASE_FORM
    opened_at = factory.LazyFunction(timezone.now)
