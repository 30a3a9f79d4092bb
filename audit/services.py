from __future__ import annotations

from typing import Any

from django.db.models import Model

from .models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: str,
    subject: Model | None = None,
    customer_id: int | None = None,
    ip_address: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. ``action`` is a dotted verb, e.g. ``user.view`` or
    ``support_login.revoke``; labels are copied so the entry survives erasure of the actor."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_person else None,
        actor_label=str(actor) if is_person else "system",
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        subject_label=str(subject)[:254] if subject is not None else "",
        customer_id=customer_id,
        ip_address=ip_address,
        details=details or {},
    )
