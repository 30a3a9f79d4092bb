"""Reads about personal access tokens."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import PersonalAccessToken
from .tokens import looks_like_token, token_digest

if TYPE_CHECKING:
    from accounts.models import User

UNKNOWN_TOKEN = _("The token is not valid.")
REVOKED_TOKEN = _("The token has been revoked.")
EXPIRED_TOKEN = _("The token has expired.")
INACTIVE_OWNER = _("The token's owner can no longer sign in.")


class TokenRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def token_for_secret(secret: str, *, now: datetime) -> PersonalAccessToken:
    """The live token with this secret, its owner loaded with their customer; TokenRefused
    says why not."""
    if not looks_like_token(secret):
        raise TokenRefused(str(UNKNOWN_TOKEN))
    token = (PersonalAccessToken.objects.select_related("user", "user__customer")
             .filter(digest=token_digest(secret)).first())
    if token is None:
        raise TokenRefused(str(UNKNOWN_TOKEN))
    if token.revoked_at is not None:
        raise TokenRefused(str(REVOKED_TOKEN))
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRefused(str(EXPIRED_TOKEN))
    if not token.user.is_active:
        raise TokenRefused(str(INACTIVE_OWNER))
    return token


def tokens_of(*, user: User) -> QuerySet[PersonalAccessToken]:
    return PersonalAccessToken.objects.filter(user=user)
