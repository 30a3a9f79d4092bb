"""``Authorization: Bearer kc_…`` for the API (DRF authentication)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .selectors import TokenRefused, token_for_secret
from .services import token_used


class PersonalAccessTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1")
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        now = timezone.now()
        try:
            token = token_for_secret(secret.strip(), now=now)
        except TokenRefused as refused:
            raise exceptions.AuthenticationFailed(refused.reason) from None
        token_used(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class TokenScope(BasePermission):
    """A read token reads; changing anything needs a read-and-write token."""

    message = _("This token may only read; this needs a read-and-write token.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if request.method in SAFE_METHODS or token is None:
            return True
        return token.may_write


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema (drf-spectacular finds this subclass by its target)."""

    target_class = "api.authentication.PersonalAccessTokenAuthentication"
    name = "PersonalAccessToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal access token from your profile: kc_…"}
