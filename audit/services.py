from __future__ import annotations

from typing import Any

from django.db.models import Model

from .models import AuditEntry


def actor_role(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return AuditEntry.Role.SYSTEM
    return AuditEntry.Role.STAFF if actor.is_staff else AuditEntry.Role.CUSTOMER


def person_of(subject: Model | None) -> int | None:
    """Whose personal data ``subject`` is, as its app's privacy declaration says."""
    if subject is None:
        return None
    from accounts.models import User
    from privacy.registry import rule_for

    if isinstance(subject, User):
        return subject.pk
    rule = rule_for(type(subject))
    if rule is None or not rule.subject_person:
        return None
    value: Any = subject
    *through, last = rule.subject_person.split("__")
    for step in through:
        value = getattr(value, step, None)
        if value is None:
            return None
    # The id at the last step: no query for the person row itself.
    return getattr(value, f"{last}_id", None)


def audit_record(
    *,
    actor: Any,
    action: str,
    subject: Model | None = None,
    person_id: int | None = None,
    customer_id: int | None = None,
    ip_address: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one processing-log entry. ``action`` is a dotted verb, e.g. ``user.view`` or
    ``support_login.revoke``. Only references are kept (ids, the object's type), never a
    copy of a name or address: the entry outlives the person's erasure without keeping them.
    ``person_id`` (whose data) defaults to what the subject's privacy declaration names."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_person else None,
        actor_role=actor_role(actor),
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        person_id=person_id if person_id is not None else person_of(subject),
        customer_id=customer_id,
        ip_address=ip_address,
        details=details or {},
    )
