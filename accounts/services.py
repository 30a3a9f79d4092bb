from __future__ import annotations

from django.db import transaction

from audit.services import audit_record

from .models import User


@transaction.atomic
def user_language_set(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def user_profile_update(*, user: User, changed_by: User, fields: dict, ip_address: str | None) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    audit_record(
        actor=changed_by, action="user.update", subject=user, customer_id=user.customer_id,
        ip_address=ip_address, details={"fields": sorted(fields)},
    )
    return user
