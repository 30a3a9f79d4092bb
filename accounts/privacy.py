"""Personal data in the accounts app (privacy.registry)."""

from __future__ import annotations

import hashlib

from django.db.models import Q

from privacy.registry import SECRET, Erase, OnErase, declare, not_personal, personal

from .models import DigestItem, NotificationPreference, PendingRegistration, RegistrationMail, User

declare(
    User,
    fields={
        **not_personal("id", "is_superuser", "is_staff", "is_active", "date_joined", "language",
                       "customer", "requested_customer", "support_team"),
        "password": SECRET,
        "last_login": personal(Erase.NULL),
        "first_name": personal(Erase.BLANK),
        "last_name": personal(Erase.BLANK),
        # Unique and the login name: replaced by a value made from the id, never emptied.
        "email": personal(Erase.PSEUDONYM),
        "phone": personal(Erase.BLANK),
    },
    extra_rows=lambda person: Q(pk=person.pk),
    # No subject_person: audit.services.person_of answers for a User itself.
)

declare(
    PendingRegistration,
    fields={
        **not_personal("id", "language", "requested_customer", "created_at"),
        "email": personal(Erase.BLANK),
        "first_name": personal(Erase.BLANK),
        "last_name": personal(Erase.BLANK),
        "phone": personal(Erase.BLANK),
        "password": SECRET,
    },
    owner_emails=("email",),
    on_erase=OnErase.DELETE,
)


def _registration_mails(person) -> Q:
    # The throttle keeps only a SHA-256 of the lower-cased address (accounts.services).
    email = getattr(person, "email", "") or ""
    if not email:
        return Q(pk__in=[])
    return Q(address_hash=hashlib.sha256(email.lower().encode()).hexdigest())


declare(
    RegistrationMail,
    fields={
        **not_personal("id", "sent_at"),
        "address_hash": SECRET,
    },
    extra_rows=_registration_mails,
    on_erase=OnErase.DELETE,
)

declare(
    NotificationPreference,
    fields=not_personal("id", "user", "kind", "delivery"),
    owners=("user",),
    subject_person="user",
    on_erase=OnErase.DELETE,
)


def _digest_items_quoting(person) -> Q:
    from cases.privacy import context_quoting

    return context_quoting(person)


declare(
    DigestItem,
    fields={
        **not_personal("id", "user", "case", "template", "created_at", "digested_at"),
        # What the mail would have said: may quote a message (its author and body).
        "context": personal(Erase.BLANK),
    },
    owners=("user",),
    subject_person="user",
    # A held-back mail to someone else that quotes the person's message or grant reason.
    extra_rows=_digest_items_quoting,
    on_erase=OnErase.DELETE,
    mentions=("context",),
    mention_scope=("case__reporter",),
)
