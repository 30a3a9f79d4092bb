"""Reads about a person's own account."""

from __future__ import annotations

from .models import NotificationDelivery, NotificationKind, NotificationPreference, User


def notification_preferences_for(*, user: User) -> dict[str, str]:
    """Every kind with the person's delivery for it; kinds never set are "every message"."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: stored.get(kind, NotificationDelivery.EVERY) for kind in NotificationKind.values}
