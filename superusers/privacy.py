"""Personal data in the superusers app (privacy.registry)."""

from __future__ import annotations

from privacy.registry import OnErase, declare, not_personal

from .models import SuperUserSeat

declare(
    SuperUserSeat,
    # assigned_by: the staff member who assigned it, a reference.
    fields=not_personal("id", "licence", "user", "assigned_at", "assigned_by"),
    owners=("user",),
    subject_person="user",
    # An erased person holds no seat: the licence's place is free for a colleague.
    on_erase=OnErase.DELETE,
)
