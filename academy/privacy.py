"""Personal data in the Academy (privacy.registry)."""

from __future__ import annotations

from privacy.registry import Erase, FieldRule, OnErase, declare, not_personal, personal

from .models import (
    FeedToken,
    Release,
    ReleaseRead,
    ReleaseSection,
    ReleaseSubscription,
    Resource,
    Wish,
)

# Staff's release notes and resources: about the product, nobody's personal data.
declare(Release, fields=not_personal("id", "version", "name", "published_at", "notified_at",
                                     "created_at"))
declare(ReleaseSection, fields=not_personal("id", "release", "module", "language", "body"))
# No owners: an erasure never reaches a resource; OnErase.DELETE only says what would happen
# to a row and its stored file if one ever did (as for downloads' version files).
declare(Resource, fields=not_personal("id", "module", "kind", "title", "description",
                                      "language", "url", "file", "original_name",
                                      "content_type", "is_published", "created_at"),
        on_erase=OnErase.DELETE)

# Only matter to the person (the unread badge, the opt-in): deleted with them.
declare(ReleaseRead, fields=not_personal("id", "user", "release", "read_at"),
        owners=("user",), subject_person="user", on_erase=OnErase.DELETE)
declare(ReleaseSubscription, fields=not_personal("id", "user", "created_at"),
        owners=("user",), subject_person="user", on_erase=OnErase.DELETE)

# The customer's feed address belongs to the company and stays (the creator's account is
# anonymised by the accounts app). The digest of a random token says nothing about anyone,
# but it is a key: never exported.
declare(FeedToken,
        fields={**not_personal("id", "customer", "language", "created_at", "revoked_at",
                               "created_by"),
                "token_hash": FieldRule(personal=False, export=False)},
        owners=("created_by",), subject_person="created_by")

# A wish stays for staff's planning (which module lacks what), without its author's text.
declare(Wish,
        fields={**not_personal("id", "customer", "module", "status", "created_at",
                               "handled_at", "user"),
                "text": personal(Erase.REDACT),
                "staff_note": personal(Erase.REDACT)},
        owners=("user",), subject_person="user")
