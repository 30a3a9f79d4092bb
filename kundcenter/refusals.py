"""A service's refusal (ValidationError or PermissionDenied) as the text a person reads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


def refusal_messages(error: ValidationError | PermissionDenied) -> list[str]:
    return list(getattr(error, "messages", None) or [str(error)])


def refusal_text(error: ValidationError | PermissionDenied) -> str:
    """All of the refusal's messages as one line (for a flash message or a banner)."""
    return " ".join(refusal_messages(error))
