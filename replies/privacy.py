"""Personal data in the replies app (privacy.registry). A saved reply is the team's text:
it stays, unchanged, when its author is erased (created_by is a reference)."""

from __future__ import annotations

from privacy.registry import declare, not_personal

from .models import SavedReply

declare(
    SavedReply,
    fields=not_personal("id", "title", "body", "language", "team", "is_active", "created_by",
                        "updated_at"),
    owners=("created_by",),
)
