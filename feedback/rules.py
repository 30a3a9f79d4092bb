"""Feedback rules that need neither database nor clock."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

# A person with something to say sends one or two; more than this an hour is a flood.
FEEDBACK_PER_WINDOW = 5
FEEDBACK_WINDOW = timedelta(hours=1)
TEXT_MIN_LENGTH = 3
TEXT_MAX_LENGTH = 2000


def sender_key(*, user_id: int | None, ip_address: str | None, secret: str) -> str:
    """Who sent it, for throttling. A signed-in person is counted on their own: colleagues
    behind one office address must not use up each other's allowance. Anyone else is
    counted by address, hashed with the site's secret so the address itself is not stored."""
    subject = f"user:{user_id}" if user_id is not None else f"ip:{ip_address or 'unknown'}"
    return hmac.new(secret.encode(), subject.encode(), hashlib.sha256).hexdigest()


def is_throttled(*, sent_in_window: int) -> bool:
    return sent_in_window >= FEEDBACK_PER_WINDOW
