"""Personal data in the portal app (privacy.registry)."""

from __future__ import annotations

from privacy.registry import Erase, OnErase, declare, not_personal, personal

from .models import SeatRequest

# Only matters to the requester (the "asked on …" button, no repeated mails): deleted.
declare(
    SeatRequest,
    fields={
        **not_personal("id", "user", "customer", "requested_at"),
        # The addresses of the company's SuperUsers who were asked (or the customer centre).
        "sent_to": personal(Erase.BLANK),
    },
    owners=("user",),
    subject_person="user",
    on_erase=OnErase.DELETE,
)
