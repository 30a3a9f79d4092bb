"""Personal data in the trainings app (privacy.registry). Sessions are the vendor's
timetable; a booking is the person's and goes with them on erasure (what they completed is
kept as customers.TrainingCompletion)."""

from __future__ import annotations

from privacy.registry import OnErase, declare, not_personal

from .models import TrainingBooking, TrainingSession

declare(
    TrainingSession,
    fields=not_personal("id", "module", "language", "format", "place", "url", "starts_at",
                        "ends_at", "seats"),
)

declare(
    TrainingBooking,
    fields=not_personal("id", "session", "user", "customer", "status", "created_at",
                        "seat_given_at", "cancelled_at", "attended_at"),
    owners=("user",),
    subject_person="user",
    on_erase=OnErase.DELETE,
)
