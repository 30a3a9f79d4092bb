"""Writes of the Academy, each in one transaction; the clock comes in as ``now``."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import OutboxEmail
from cases.notifications import OFFICE_LANGUAGE, outbox_dispatch
from customers.models import Licence, Module
from customers.services import portal_version_raise
from superusers.models import SuperUserSeat

from .models import FeedToken, Release, ReleaseRead, ReleaseSubscription, Wish, WishStatus
from .rules import feed_token_digest
from .selectors import is_academy_reader

RELEASE_EMAIL_TEMPLATE = "academy/email/release_published"
NOT_A_SUPERUSER = _("Only your company's SuperUsers may do this.")
RELEASE_HAS_NO_SECTIONS = _("A release needs at least one section before it is published.")
WISH_EMPTY = _("Please say what you miss.")


def _require_reader(user: User) -> None:
    if not is_academy_reader(user=user, cached=False):
        raise PermissionDenied(NOT_A_SUPERUSER)


@transaction.atomic
def releases_mark_read(*, user: User, releases: Iterable[Release], now: datetime) -> None:
    """The person has seen these releases (on the list or a release's page)."""
    ReleaseRead.objects.bulk_create(
        [ReleaseRead(user=user, release=release, read_at=now) for release in releases],
        ignore_conflicts=True)
    # bulk_create sends no signals: the unread count remembered in sessions is out of date.
    portal_version_raise(customer_ids=[user.customer_id] if user.customer_id else [])
    if hasattr(user, "_academy_unread"):
        del user._academy_unread  # the count remembered for this request is out of date


@transaction.atomic
def release_subscription_set(*, user: User, subscribed: bool) -> None:
    if subscribed:
        _require_reader(user)
        ReleaseSubscription.objects.get_or_create(user=user)
    else:
        ReleaseSubscription.objects.filter(user=user).delete()


def _release_recipients(release: Release) -> list[User]:
    """Active SuperUsers who opted in and whose customer (active) licenses a module the
    release has a section for."""
    licenses_a_module = Licence.modules.through.objects.filter(
        licence__customer_id=OuterRef("customer_id"), licence__is_active=True,
        module_id__in=release.sections.values("module_id"))
    has_seat = SuperUserSeat.objects.filter(user_id=OuterRef("pk"),
                                            licence__customer_id=OuterRef("customer_id"),
                                            licence__is_active=True)
    return list(User.objects.filter(is_active=True, release_subscription__isnull=False,
                                    customer__is_active=True)
                .filter(Exists(licenses_a_module), Exists(has_seat))
                .select_related("customer").order_by("pk"))


def _module_names(release: Release, user: User, language: str) -> list[str]:
    modules = Module.objects.filter(
        pk__in=release.sections.values("module_id"),
        licences__customer_id=user.customer_id, licences__is_active=True).distinct()
    with translation.override(language):
        return sorted(module.display_name for module in modules)


@transaction.atomic
def release_publish(*, release: Release, now: datetime) -> int:
    """Publish (if it is a draft) and mail the subscribers once. Returns the emails written:
    0 when they were written before, however often this runs."""
    release = Release.objects.select_for_update().get(pk=release.pk)
    if not release.sections.exists():
        raise ValidationError(RELEASE_HAS_NO_SECTIONS, code="no_sections")
    if release.published_at is None:
        release.published_at = now
    written: list[OutboxEmail] = []
    if release.notified_at is None:
        release.notified_at = now
        path = reverse("academy:release_detail", args=[release.pk])
        for user in _release_recipients(release):
            language = user.language or OFFICE_LANGUAGE.get(user.customer.office_country, "sv")
            written.append(OutboxEmail.objects.create(
                recipient=user.email, language=language, template=RELEASE_EMAIL_TEMPLATE,
                context={"version": release.version, "name": release.name, "path": path,
                         "modules": _module_names(release, user, language),
                         "first_name": user.first_name}))
    release.save(update_fields=["published_at", "notified_at"])
    for email in written:
        transaction.on_commit(lambda pk=email.pk: outbox_dispatch(pk))
    return len(written)


@transaction.atomic
def feed_token_create(*, user: User, language: str, now: datetime) -> tuple[FeedToken, str]:
    """A new feed address for the person's customer. The token is returned once and only
    its digest is kept."""
    _require_reader(user)
    token = secrets.token_urlsafe(32)
    feed = FeedToken.objects.create(customer_id=user.customer_id, created_by=user,
                                     token_hash=feed_token_digest(token), language=language,
                                     created_at=now)
    return feed, token


@transaction.atomic
def feed_token_revoke(*, user: User, feed: FeedToken, now: datetime) -> None:
    """``feed`` must already be scoped to the person's customer."""
    _require_reader(user)
    FeedToken.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=now)


@transaction.atomic
def wish_create(*, user: User, module: Module | None, text: str, now: datetime) -> Wish:
    _require_reader(user)
    text = text.strip()
    if not text:
        raise ValidationError(WISH_EMPTY, code="empty")
    return Wish.objects.create(customer_id=user.customer_id, user=user, module=module,
                               text=text, created_at=now)


@transaction.atomic
def wish_handle(*, wish: Wish, status: str, staff_note: str, now: datetime) -> Wish:
    """Staff's answer: the status and a note the SuperUser sees."""
    wish.status = status
    wish.staff_note = staff_note
    wish.handled_at = now if status == WishStatus.DONE else None
    wish.save(update_fields=["status", "staff_note", "handled_at"])
    return wish
