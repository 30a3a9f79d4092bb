"""Reads for the knowledge base. Every customer-facing read starts from
``article_queryset_for_user``: what it leaves out is a 404, the same as a missing article."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from customers.models import Licence, Module
from kundcenter.db_router import report_database

from .models import Article, ArticleVote, DeflectionEvent, DeflectionSource, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

HOME_ARTICLES_PER_MODULE = 8


def licensed_module_ids(*, customer_id: int) -> QuerySet:
    """Ids of the modules an active licence of the customer covers (a subquery).

    "Active" as in ``superusers.selectors.superuser_trained_modules``: the licence's flag,
    so the FAQ and the case form agree on which modules a customer has.
    """
    return Licence.modules.through.objects.filter(
        licence__customer_id=customer_id, licence__is_active=True
    ).values("module_id")


def article_queryset_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Article]:
    """Published articles the person may read: public ones for everyone, module-internal ones
    only for people whose customer has an active licence covering the module."""
    readable = Q(visibility=Visibility.PUBLIC)
    customer_id = getattr(user, "customer_id", None)
    if user.is_authenticated and customer_id is not None:
        readable |= Q(visibility=Visibility.MODULE,
                      module_id__in=licensed_module_ids(customer_id=customer_id))
    # The search vector is only ever read by PostgreSQL itself; never fetch it.
    return Article.objects.filter(readable, is_published=True).defer("search_vector")


def article_get_for_user_or_404(
    *, user: AbstractBaseUser | AnonymousUser, pk: int
) -> Article:
    try:
        return article_queryset_for_user(user=user).select_related("module").get(pk=pk)
    except Article.DoesNotExist as missing:
        raise Http404("No such article.") from missing


def article_translations_for_user(
    *, article: Article, user: AbstractBaseUser | AnonymousUser
) -> QuerySet[Article]:
    """The other language versions of ``article`` that the person may read."""
    return (
        article_queryset_for_user(user=user)
        .filter(translation_group=article.translation_group)
        .exclude(pk=article.pk)
        .order_by("language")
    )


@dataclass
class ModuleGroup:
    module: Module | None  # None: general questions
    articles: list[Article] = field(default_factory=list)
    has_more: bool = False


def article_home_groups(
    *, user: AbstractBaseUser | AnonymousUser, language: str | None,
    per_module: int = HOME_ARTICLES_PER_MODULE,
) -> list[ModuleGroup]:
    """The FAQ front page: per module (general questions first), the most viewed articles,
    and whether there are more.

    One small query per module (there are about ten), each answered from the index on
    (language, module, views); a single query ranking every article with a window function
    has to read them all, over 100 ms with 50,000 articles.
    """
    readable = article_queryset_for_user(user=user)
    if language:
        readable = readable.filter(language=language)
    readable = readable.order_by("-view_count", "question", "pk")
    groups = []
    for module in [None, *Module.objects.order_by("name")]:
        top = list(readable.filter(module=module)[:per_module + 1])
        if top:
            for article in top:
                article.module = module  # known already: no query per article
            groups.append(ModuleGroup(module=module, articles=top[:per_module],
                                      has_more=len(top) > per_module))
    return groups


@dataclass(frozen=True)
class VoteCounts:
    yes: int
    no: int

    @property
    def total(self) -> int:
        return self.yes + self.no


def article_vote_counts(*, article: Article) -> VoteCounts:
    counts = ArticleVote.objects.filter(article=article).aggregate(
        yes=Count("pk", filter=Q(is_helpful=True)), no=Count("pk", filter=Q(is_helpful=False))
    )
    return VoteCounts(yes=counts["yes"], no=counts["no"])


def article_vote_get(
    *, article: Article, user: AbstractBaseUser | AnonymousUser, session_key: str | None
) -> bool | None:
    """The person's (or session's) answer to "did this help?", None before they answer."""
    votes = ArticleVote.objects.filter(article=article)
    if user.is_authenticated:
        votes = votes.filter(user=user)
    elif session_key:
        votes = votes.filter(user__isnull=True, session_key=session_key)
    else:
        return None
    return votes.values_list("is_helpful", flat=True).first()


@dataclass(frozen=True)
class DeflectionStats:
    opened: int      # suggested articles opened from the case form
    deflected: int   # ... after which no case was registered
    registered: int  # ... after which a case was registered anyway


def deflection_stats(*, start: dt.datetime, end: dt.datetime) -> DeflectionStats:
    """Counts for the reports over openings in ``[start, end)``.

    A recent opening counts as deflected until the person registers a case; reports on a
    period that ended a while ago are final. A report read: the replica when configured.
    """
    counts = DeflectionEvent.objects.using(report_database()).filter(
        source=DeflectionSource.CASE_FORM, opened_at__gte=start, opened_at__lt=end
    ).aggregate(
        opened=Count("pk"),
        registered=Count("pk", filter=Q(case_registered=True)),
    )
    return DeflectionStats(
        opened=counts["opened"],
        deflected=counts["opened"] - counts["registered"],
        registered=counts["registered"],
    )
