"""Personal data in the feedback app (privacy.registry). Feedback stays after an erasure
(the topics and counts), without its sender."""

from __future__ import annotations

from privacy.registry import SECRET, Erase, declare, not_personal, personal

from .models import Feedback

declare(
    Feedback,
    fields={
        **not_personal("id", "created_at", "page", "language", "topic", "user", "answered_by",
                       "answered_at"),
        "text": personal(Erase.REDACT),
        "email": personal(Erase.BLANK),
        # A keyed hash of the sender's address (the flood throttle).
        "sender_key": SECRET,
        # Staff's answer is written to the person and usually greets them by name.
        "answer": personal(Erase.REDACT),
        "answer_sent_to": personal(Erase.BLANK),
    },
    owners=("user",),
    owner_emails=("email", "answer_sent_to"),
    subject_person="user",
)
