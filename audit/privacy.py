"""The processing log (privacy.registry): append-only, never erased. It keeps references
(ids), not copies of names or addresses, so it survives an erasure without keeping the person."""

from __future__ import annotations

from privacy.registry import Erase, declare, not_personal, personal

from .models import AuditEntry

declare(
    AuditEntry,
    fields={
        **not_personal("id", "at", "actor", "actor_role", "action", "subject_type", "subject_id",
                       "person", "customer_id", "details"),
        "ip_address": personal(Erase.KEEP,
                               kept_because="security log: who processed data from where"),
    },
    owners=("person",),
    subject_person="person",
    # The overview shows the person's processing log on its own.
    exported=False,
)
