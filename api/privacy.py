"""Personal data of the API app (privacy.registry). An erased person's tokens go with them."""

from privacy.registry import FieldRule, OnErase, declare, not_personal

from .models import IdempotentRegistration, PersonalAccessToken

declare(
    PersonalAccessToken,
    fields={**not_personal("id", "user", "name", "hint", "scope", "created_at", "expires_at",
                           "last_used_at", "revoked_at"),
            "digest": FieldRule(personal=False, export=False)},
    owners=("user",),
    subject_person="user",
    on_erase=OnErase.DELETE,
)
declare(IdempotentRegistration,
        fields=not_personal("id", "token", "key", "request_digest", "case", "created_at"))
