"""Reads of the Academy. Everything customer-facing is narrowed to the modules an active
licence of the reader's customer covers (``knowledgebase.selectors.licensed_module_ids``, so
the FAQ, the case form and the Academy agree), or starts from ``customers.access``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404

from customers.access import scope_to_customer
from customers.models import Module
from knowledgebase.selectors import licensed_module_ids
from superusers.rules import Ineligibility
from superusers.selectors import superuser_eligibility

from .models import (
    FeedToken,
    Release,
    ReleaseRead,
    ReleaseSection,
    ReleaseSubscription,
    Resource,
    Wish,
)
from .rules import best_per_key, feed_token_digest

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from accounts.models import User

MAX_SEARCH_WORDS = 8


def is_academy_reader(*, user: AbstractBaseUser | AnonymousUser, cached: bool = True) -> bool:
    """A SuperUser: a seat on an active licence of their customer. The same verdict the
    case form asks for (``superuser_eligibility``, one query remembered for the request, so
    the navigation's badge costs no extra query for it); overdue payments or missing
    training do not close the Academy."""
    return superuser_eligibility(user=user, cached=cached).reason != Ineligibility.NO_SEAT


def licensed_modules(*, customer_id: int) -> QuerySet[Module]:
    return Module.objects.filter(pk__in=licensed_module_ids(customer_id=customer_id)).order_by(
        "name")


def _sections_of_customer(customer_id: int) -> QuerySet[ReleaseSection]:
    return ReleaseSection.objects.filter(module_id__in=licensed_module_ids(customer_id=customer_id))


def releases_for_customer(*, customer_id: int | None) -> QuerySet[Release]:
    """Published releases with a section for a module the customer licenses, newest first."""
    if customer_id is None:
        return Release.objects.none()
    # Joins and DISTINCT rather than EXISTS over a subquery of the licences: the same rows,
    # and half the CPU to build (the home asks for it on every view).
    return (Release.objects.filter(published_at__isnull=False,
                                   sections__module__licences__customer_id=customer_id,
                                   sections__module__licences__is_active=True)
            .distinct().order_by("-published_at", "-pk"))


def release_queryset_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Release]:
    if not is_academy_reader(user=user):
        return Release.objects.none()
    return releases_for_customer(customer_id=user.customer_id)


@dataclass
class ReleaseNote:
    release: Release
    sections: list[ReleaseSection] = field(default_factory=list)
    unread: bool = False


def _sections_prefetch(customer_id: int) -> Prefetch:
    return Prefetch("sections", to_attr="licensed_sections",
                    queryset=_sections_of_customer(customer_id).select_related("module")
                    .order_by("module__name", "module_id", "language"))


def _with_sections(releases: QuerySet[Release], *, customer_id: int) -> QuerySet[Release]:
    return releases.prefetch_related(_sections_prefetch(customer_id))


def release_notes(releases: list[Release], *, language: str | None,
                  read_ids: set[int]) -> list[ReleaseNote]:
    """Each release with one section per module, in the reader's language or its fallback."""
    return [ReleaseNote(release=release, unread=release.pk not in read_ids,
                        sections=best_per_key(release.licensed_sections, language=language,
                                              key=lambda s: s.module_id,
                                              language_of=lambda s: s.language))
            for release in releases]


def _read_ids(user: User, releases: list[Release]) -> set[int]:
    return set(ReleaseRead.objects.filter(user=user, release__in=releases)
               .values_list("release_id", flat=True))


def release_list_for_user(*, user: User, language: str | None,
                          limit: int | None = None) -> list[ReleaseNote]:
    releases = release_queryset_for_user(user=user)
    chosen = list(releases[:limit] if limit else releases)
    if not chosen:
        # The home asks on every view: without releases, the sections' prefetch and the
        # reads' query (nested subqueries, built even when never run) are not built at all.
        return []
    prefetch_related_objects(chosen, _sections_prefetch(user.customer_id))
    return release_notes(chosen, language=language, read_ids=_read_ids(user, chosen))


def release_get_for_user_or_404(*, user: User, pk: int, language: str | None) -> ReleaseNote:
    releases = _with_sections(release_queryset_for_user(user=user).filter(pk=pk),
                              customer_id=user.customer_id)
    found = list(releases)
    if not found:
        raise Http404("No such release.")
    return release_notes(found, language=language, read_ids=_read_ids(user, found))[0]


def unread_release_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    """Visible releases the person has not opened (0 for anyone who is not a SuperUser)."""
    remembered = getattr(user, "_academy_unread", None)
    if remembered is not None:
        return remembered
    count = (release_queryset_for_user(user=user)
             .exclude(Exists(ReleaseRead.objects.filter(user_id=user.pk, release=OuterRef("pk"))))
             .count()) if user.is_authenticated else 0
    user._academy_unread = count
    return count


def feed_token_active(*, token: str) -> FeedToken:
    """The unrevoked token, of an active customer; Http404 otherwise."""
    try:
        return (FeedToken.objects.select_related("customer")
                .get(token_hash=feed_token_digest(token), revoked_at__isnull=True,
                     customer__is_active=True))
    except FeedToken.DoesNotExist as missing:
        raise Http404("No such feed.") from missing


def feed_releases(*, feed: FeedToken, limit: int) -> list[ReleaseNote]:
    releases = _with_sections(releases_for_customer(customer_id=feed.customer_id),
                              customer_id=feed.customer_id)
    return release_notes(list(releases[:limit]), language=feed.language, read_ids=set())


def feed_token_list_for_user(*, user: User) -> QuerySet[FeedToken]:
    return (scope_to_customer(FeedToken.objects.filter(revoked_at__isnull=True), user=user)
            .select_related("created_by"))


def is_subscribed(*, user: User) -> bool:
    return ReleaseSubscription.objects.filter(user=user).exists()


def resource_queryset_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Resource]:
    if not is_academy_reader(user=user):
        return Resource.objects.none()
    return (Resource.objects.filter(is_published=True,
                                    module_id__in=licensed_module_ids(customer_id=user.customer_id))
            .select_related("module"))


def resource_list_for_user(*, user: User, module: Module | None, kind: str,
                           text: str = "") -> QuerySet[Resource]:
    resources = resource_queryset_for_user(user=user)
    if module is not None:
        resources = resources.filter(module=module)
    if kind:
        resources = resources.filter(kind=kind)
    if text:
        resources = resources.filter(_words_q(text, ("title", "description")))
    return resources.order_by("module__name", "kind", "title", "pk")


def resource_get_for_user_or_404(*, user: User, pk: int) -> Resource:
    try:
        return resource_queryset_for_user(user=user).get(pk=pk)
    except Resource.DoesNotExist as missing:
        raise Http404("No such resource.") from missing


def _words_q(text: str, fields: tuple[str, ...]) -> Q:
    """Every word in one of ``fields`` (case-insensitive). The FAQ has real full-text search;
    the Academy's titles and notes are few enough for a plain match."""
    condition = Q()
    for word in text.split()[:MAX_SEARCH_WORDS]:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def release_search(*, user: User, text: str, language: str | None,
                   limit: int) -> list[ReleaseNote]:
    """Visible releases with a licensed module's section matching every word of ``text``;
    each shows the sections that match, in the best language among them."""
    matching = _sections_of_customer(user.customer_id).filter(_words_q(text, ("body",)))
    releases = (release_queryset_for_user(user=user)
                .filter(Exists(matching.filter(release=OuterRef("pk"))))
                .prefetch_related(Prefetch("sections", to_attr="licensed_sections",
                                           queryset=matching.select_related("module")
                                           .order_by("module__name", "module_id", "language"))))
    chosen = list(releases[:limit])
    return release_notes(chosen, language=language, read_ids=_read_ids(user, chosen))


def wish_list_for_user(*, user: User) -> QuerySet[Wish]:
    """The person's own wishes (not their colleagues')."""
    return scope_to_customer(Wish.objects.filter(user=user), user=user).select_related("module")


