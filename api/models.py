from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class PersonalAccessToken(models.Model):
    """A SuperUser's (or a staff integration's) key to the API, with the owner's rights.

    The token itself is shown once, at creation; only its digest is kept (api.tokens).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"),
                             on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=80)
    hint = models.CharField(_("beginning"), max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def may_write(self) -> bool:
        return self.scope == Scope.WRITE


class IdempotentRegistration(models.Model):
    """A case registered through the API with an Idempotency-Key: a retried POST with the
    same key answers with the same case instead of registering another."""

    token = models.ForeignKey(PersonalAccessToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_digest = models.CharField(max_length=64)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"],
                                               name="api_idempotency_key_once_per_token")]

    def __str__(self) -> str:
        return f"{self.key} → {self.case_id}"
