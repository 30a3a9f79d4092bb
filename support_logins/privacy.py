"""Personal data in the support_logins app (privacy.registry). Grants and their uses stay
after an erasure: the customer's record of who was let into its system, and when."""

from __future__ import annotations

from privacy.registry import Erase, declare, not_personal, personal

from .models import SupportLoginGrant, SupportLoginUse

declare(
    SupportLoginGrant,
    fields={
        **not_personal("id", "customer", "case", "granted_by", "kind", "preset", "granted_at",
                       "expires_at", "revoked_at", "revoked_by", "expiry_processed_at"),
        # Typed by the SuperUser who grants (support_logins.services.support_login_grant).
        "reason": personal(Erase.REDACT),
    },
    owners=("granted_by",),
    subject_person="granted_by",
    # Another SuperUser's reason naming the person whose case it is.
    mentions=("reason",),
    mention_scope=("case__reporter",),
)

declare(
    SupportLoginUse,
    fields=not_personal("id", "grant", "specialist", "at"),
    owners=("specialist",),
    subject_person="specialist",
)
