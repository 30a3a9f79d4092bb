"""Personal data in the mailintake app (privacy.registry)."""

from __future__ import annotations

from privacy.registry import Erase, OnErase, declare, not_personal, personal

from .models import BouncingAddress, InboundMail

# Anonymised, not deleted: operators keep the count and the key that makes a mail fetched
# twice count once.
declare(
    InboundMail,
    fields={
        **not_personal("id", "key", "office", "received_at", "route", "reason", "status", "case"),
        "from_addr": personal(Erase.BLANK),
        "subject": personal(Erase.REDACT),
        # A parser or delivery error, which may quote the sender's address or subject.
        "error": personal(Erase.REDACT),
    },
    owner_emails=("from_addr",),
)

declare(
    BouncingAddress,
    fields={
        **not_personal("id", "bounces", "first_bounced_at", "last_bounced_at", "last_status"),
        "address": personal(Erase.BLANK),
    },
    owner_emails=("address",),
    on_erase=OnErase.DELETE,
)
