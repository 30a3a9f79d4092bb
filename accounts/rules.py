"""Notification rules as plain functions: which kind an email is, how its recipient wants
it, and whether a digest is due. No ORM, no clock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from .models import NotificationDelivery, NotificationKind

# Outbox templates a person may tune. Anything else (password reset, registration, seat
# requests to support) is not listed and therefore always sent at once.
TEMPLATE_KINDS: Mapping[str, NotificationKind] = {
    "registered": NotificationKind.CASE_PROGRESS,
    "state_changed": NotificationKind.CASE_PROGRESS,
    "reply": NotificationKind.REPLIES,
    "estimate_given": NotificationKind.ESTIMATES,
    "estimate_accepted": NotificationKind.ESTIMATES,
    "support_login_granted": NotificationKind.SUPPORT_LOGINS,
    "support_login_revoked": NotificationKind.SUPPORT_LOGINS,
    "support_login_expired": NotificationKind.SUPPORT_LOGINS,
}


def notification_kind(template: str) -> NotificationKind | None:
    return TEMPLATE_KINDS.get(template)


def delivery_for(template: str, preferences: Mapping[str, str]) -> NotificationDelivery:
    """How an email with ``template`` reaches a person with ``preferences`` (kind ->
    delivery); a kind without a preference, or an untunable template, is sent at once."""
    kind = notification_kind(template)
    if kind is None:
        return NotificationDelivery.EVERY
    return NotificationDelivery(preferences.get(kind, NotificationDelivery.EVERY))


def digest_due(*, last_digest_at: datetime | None, now: datetime) -> bool:
    """At most one digest per local day, whatever the beat does: a late or repeated run
    (beat restarted, a catch-up) sends nothing twice on the same day. ``now`` is in the
    local time zone that defines the day."""
    if last_digest_at is None:
        return True
    return last_digest_at.astimezone(now.tzinfo).date() < now.date()
