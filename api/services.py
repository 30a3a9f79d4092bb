"""Writes about personal access tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from superusers.selectors import superuser_holds_seat

from .models import PersonalAccessToken, Scope
from .tokens import token_digest, token_hint, token_new

if TYPE_CHECKING:
    from accounts.models import User

MAX_ACTIVE_TOKENS = 20
# A token's last use is written at most this often: a busy integration must not turn every
# read into a write.
LAST_USE_RESOLUTION = timedelta(minutes=5)
TOO_MANY_TOKENS = _("You have %(count)d active tokens; revoke one you no longer use first.")
EXPIRY_IN_THE_PAST = _("The expiry date must lie in the future.")
NOT_ALLOWED = _("Only SuperUsers of a customer and staff may create API tokens.")


@dataclass(frozen=True)
class IssuedToken:
    token: PersonalAccessToken
    secret: str  # shown to the owner once, never stored


@transaction.atomic
def token_create(*, user: User, name: str, scope: str, expires_at: datetime | None,
                 now: datetime, ip_address: str | None = None) -> IssuedToken:
    if not (user.is_staff or (user.customer_id is not None
                              and superuser_holds_seat(user=user))):
        raise PermissionDenied(NOT_ALLOWED)
    if expires_at is not None and expires_at <= now:
        raise ValidationError(EXPIRY_IN_THE_PAST)
    active = PersonalAccessToken.objects.select_for_update().filter(
        user=user, revoked_at__isnull=True)
    count = len(active)
    if count >= MAX_ACTIVE_TOKENS:
        raise ValidationError(TOO_MANY_TOKENS, params={"count": count})
    secret = token_new()
    token = PersonalAccessToken.objects.create(
        user=user, name=name.strip(), hint=token_hint(secret), digest=token_digest(secret),
        scope=Scope(scope), created_at=now, expires_at=expires_at)
    audit_record(actor=user, action="api_token.create", subject=token,
                 customer_id=user.customer_id, ip_address=ip_address,
                 details={"scope": token.scope})
    return IssuedToken(token, secret)


@transaction.atomic
def token_revoke(*, token: PersonalAccessToken, by: User, now: datetime,
                 ip_address: str | None = None) -> None:
    """Revoke one of ``by``'s own tokens; the next request with it is refused."""
    if token.user_id != by.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        PersonalAccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now)
        token.revoked_at = now
        audit_record(actor=by, action="api_token.revoke", subject=token,
                     customer_id=by.customer_id, ip_address=ip_address)


def token_used(*, token: PersonalAccessToken, now: datetime) -> None:
    """Note the use (for the owner's list), at most once per LAST_USE_RESOLUTION."""
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
