"""Writes for the knowledge base. Article text only changes through these functions, because
they also keep the search index current (nothing else writes it): the stored search vector
on PostgreSQL, the FTS5 table on SQLite (whose entries a trigger drops with the article)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import sqlite_fts
from .models import Article, ArticleVote, DeflectionEvent, DeflectionSource, Visibility
from .search import search_config_expression

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from customers.models import Module

ARTICLE_TRANSLATION_EXISTS = _("The translation group already has an article in this language.")
ARTICLE_TRANSLATION_OF_ITSELF = _("An article cannot be a translation of itself.")
ARTICLE_MODULE_REQUIRED = _("Articles only for a module's customers need a module.")
VOTE_NO_VOTER = _("A vote needs a person or a session.")

# Fields whose change makes the stored search vector stale.
SEARCHED_FIELDS = frozenset({"question", "answer", "language"})
ARTICLE_SAVED_FIELDS = ("question", "answer", "module", "language", "translation_group",
                        "is_published", "visibility")


def article_search_vector_refresh(*, article_ids: Iterable[int] | None = None) -> int:
    """Recompute the search index of the given articles, or of all articles; returns how
    many. PostgreSQL: the weighted search vector (question A, answer B), one UPDATE. SQLite:
    their FTS5 entries. A no-op returning 0 on other databases."""
    connection = connections[Article.objects.db]
    queryset = Article.objects.all()
    if article_ids is not None:
        queryset = queryset.filter(pk__in=list(article_ids))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if article_ids is None:
                return sqlite_fts.rebuild(cursor)
            return sqlite_fts.write(
                cursor, list(queryset.values_list("pk", "language", "question", "answer")))
    if connection.vendor != "postgresql":
        return 0
    config = search_config_expression()
    # update() bypasses auto_now on purpose: a reindex is not an edit of the article.
    return queryset.update(
        search_vector=SearchVector("question", config=config, weight="A")
        + SearchVector("answer", config=config, weight="B")
    )


def article_check(*, article: Article) -> None:
    """Raise ValidationError when ``article`` may not be saved as it is."""
    if article.visibility == Visibility.MODULE and article.module_id is None:
        raise ValidationError({"module": ARTICLE_MODULE_REQUIRED}, code="module_required")
    clash = Article.objects.filter(
        translation_group=article.translation_group, language=article.language
    ).exclude(pk=article.pk)
    if clash.exists():
        raise ValidationError(ARTICLE_TRANSLATION_EXISTS, code="translation_exists")


@transaction.atomic
def article_save(
    *, article: Article, translation_of: Article | None = None,
    update_fields: Iterable[str] | None = None,
) -> Article:
    """Validate and save ``article`` (new or changed) and refresh its search vector.

    ``translation_of`` puts the article into that article's translation group. The admin
    calls this after the form has set the fields.
    """
    if translation_of is not None:
        if translation_of.pk is not None and translation_of.pk == article.pk:
            raise ValidationError(ARTICLE_TRANSLATION_OF_ITSELF, code="translation_self")
        article.translation_group = translation_of.translation_group
    article_check(article=article)
    if article.pk is None:
        article.save()
        needs_vector = True
    else:
        # Never the search vector or the view count: the instance's copies may be stale
        # (the vector is written in SQL below, views are counted with F()).
        fields = set(update_fields) if update_fields is not None else set(ARTICLE_SAVED_FIELDS)
        fields |= {"updated_at"}
        if translation_of is not None:
            fields.add("translation_group")
        article.save(update_fields=sorted(fields))
        needs_vector = bool(fields & SEARCHED_FIELDS)
    if needs_vector:
        article_search_vector_refresh(article_ids=[article.pk])
    return article


def article_create(
    *, question: str, answer: str, language: str, module: Module | None = None,
    visibility: str = Visibility.PUBLIC, is_published: bool = False,
    translation_of: Article | None = None,
) -> Article:
    article = Article(question=question, answer=answer, language=language, module=module,
                      visibility=visibility, is_published=is_published)
    return article_save(article=article, translation_of=translation_of)


def article_update(*, article: Article, data: dict[str, Any]) -> Article:
    """Set the given fields and save only those (plus ``updated_at``)."""
    editable = {"question", "answer", "language", "module", "visibility", "is_published"}
    unknown = set(data) - editable
    if unknown:
        raise TypeError(f"article_update() cannot change {sorted(unknown)}")
    changed = [name for name, value in data.items() if getattr(article, name) != value]
    if not changed:
        return article
    for name in changed:
        setattr(article, name, data[name])
    return article_save(article=article, update_fields=changed)


@transaction.atomic
def article_bulk_create(*, articles: Sequence[Article], batch_size: int = 2000) -> list[Article]:
    """Insert many articles fast (demo data, imports, the benchmark) and give each its search
    vector. Skips per-article validation: callers pass articles they built correctly."""
    created: list[Article] = []
    for start in range(0, len(articles), batch_size):
        batch = Article.objects.bulk_create(articles[start:start + batch_size])
        created.extend(batch)
        article_search_vector_refresh(article_ids=[article.pk for article in batch])
    return created


def article_publish_set(*, article_ids: Iterable[int], is_published: bool) -> int:
    return Article.objects.filter(pk__in=list(article_ids)).update(
        is_published=is_published, updated_at=timezone.now()
    )


def article_view_record(*, article: Article) -> None:
    """Count one view. An UPDATE with F(): concurrent views never lose a count, and the
    article's updated date (its content date) does not change."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def article_vote(
    *, article: Article, user: User | AnonymousUser | None, session_key: str | None,
    is_helpful: bool,
) -> ArticleVote:
    """Record "did this help?"; voting again changes the earlier answer instead of adding one.

    Logged in, the vote belongs to the person; otherwise to the session (the caller makes
    sure there is one).
    """
    if user is not None and user.is_authenticated:
        vote, _ = ArticleVote.objects.update_or_create(
            article=article, user=user, defaults={"is_helpful": is_helpful}
        )
        return vote
    if not session_key:
        raise ValidationError(VOTE_NO_VOTER, code="no_voter")
    vote, _ = ArticleVote.objects.update_or_create(
        article=article, user=None, session_key=session_key,
        defaults={"is_helpful": is_helpful},
    )
    return vote


def deflection_open_record(
    *, article: Article, user: User | AnonymousUser, source: str = DeflectionSource.CASE_FORM,
    opened_at: dt.datetime | None = None,
) -> DeflectionEvent | None:
    """Remember that a signed-in person opened a suggested article. Anonymous visitors
    cannot register cases, so their clicks are not deflection and are not stored."""
    if not user.is_authenticated:
        return None
    return DeflectionEvent.objects.create(
        article=article, user=user, customer_id=getattr(user, "customer_id", None),
        source=source, opened_at=opened_at or timezone.now(),
    )


def deflection_record_case_registered(
    *, user: User, since: dt.datetime, registered_at: dt.datetime | None = None
) -> int:
    """The person registered a case after all: their suggestion openings since ``since``
    (typically when they opened the case form) were not deflections.

    Called by the cases app right after a case is registered. Returns how many events
    were marked; calling it again marks nothing new.
    """
    return DeflectionEvent.objects.filter(
        user=user, opened_at__gte=since, case_registered=False
    ).update(case_registered=True, case_registered_at=registered_at or timezone.now())

