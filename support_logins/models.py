"""Support logins: a customer's time-limited, revocable permission for our specialists to log
in to its own system, for one case (rule book §4).

Whether a grant gives access is always decided by comparing its instants with the clock
(`is_active_at`, `active_at_q`); `expiry_processed_at` is only the beat job's bookkeeping
(thread message, email, audit) and never decides access.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sla.rules import GrantPreset


class GrantKind(models.TextChoices):
    SUPPORT = "support", _("Support troubleshooting")
    CONSULTANT = "consultant", _("Consultant setup change")


class Preset(models.TextChoices):
    # The values are the rule book's preset codes (sla.rules.GrantPreset).
    WORKING_HOURS_8 = GrantPreset.WORKING_HOURS_8.value, _("8 working hours")
    HOURS_24 = GrantPreset.HOURS_24.value, _("24 hours")
    HOURS_72 = GrantPreset.HOURS_72.value, _("72 hours")


class GrantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


def active_at_q(now: datetime, prefix: str = "") -> Q:
    """The grants that give access at `now`, as a filter (the query twin of `is_active_at`)."""
    return Q(**{f"{prefix}granted_at__lte": now, f"{prefix}expires_at__gt": now}) & (
        Q(**{f"{prefix}revoked_at__isnull": True}) | Q(**{f"{prefix}revoked_at__gt": now})
    )


class SupportLoginGrant(models.Model):
    CUSTOMER_PATH = "customer_id"

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
        related_name="support_login_grants",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
        related_name="support_login_grants",
    )
    # SET_NULL, not PROTECT: erasing a person must not be blocked; the audit log keeps a label.
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GrantKind.choices,
                            default=GrantKind.SUPPORT)
    preset = models.CharField(_("duration"), max_length=8, choices=Preset.choices)
    reason = models.TextField(_("reason"), blank=True,
                              help_text=_("What the specialist needs the access for."))
    granted_at = models.DateTimeField(_("granted"))
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # Set by the beat job once the expiry has been announced; see the module docstring.
    expiry_processed_at = models.DateTimeField(_("expiry processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("support login")
        verbose_name_plural = _("support logins")
        ordering = ["-granted_at", "-pk"]
        indexes = [
            models.Index(fields=["customer", "-granted_at"]),
            models.Index(fields=["case", "expires_at"]),
            # The beat job's work list stays small however many grants have ended.
            models.Index(fields=["expires_at"], name="support_login_expiry_todo",
                         condition=Q(expiry_processed_at__isnull=True, revoked_at__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("granted_at")),
                                   name="support_login_expires_after_granted"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("granted_at")),
                name="support_login_revoked_after_granted"),
            models.CheckConstraint(
                condition=Q(expiry_processed_at__isnull=True)
                | Q(expiry_processed_at__gte=models.F("expires_at")),
                name="support_login_expiry_processed_after_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.case.number} · {self.expires_at:%Y-%m-%d %H:%M} UTC"

    def is_active_at(self, now: datetime) -> bool:
        """Does this grant give access at `now`? Access ends at `expires_at` on the second."""
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.granted_at <= now < self.expires_at

    def status_at(self, now: datetime) -> GrantStatus:
        if self.is_active_at(now):
            return GrantStatus.ACTIVE
        if self.revoked_at is not None and self.revoked_at < self.expires_at:
            return GrantStatus.REVOKED
        return GrantStatus.EXPIRED

    @property
    def ends_at(self) -> datetime:
        """When access ended or will end: the revocation if it came first, else the expiry."""
        if self.revoked_at is not None and self.revoked_at < self.expires_at:
            return self.revoked_at
        return self.expires_at


class SupportLoginUse(models.Model):
    """A specialist logged in on a grant. The customer sees who used its access, and when."""

    CUSTOMER_PATH = "grant__customer_id"

    grant = models.ForeignKey(SupportLoginGrant, verbose_name=_("support login"),
                              on_delete=models.CASCADE, related_name="uses")
    specialist = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("specialist"),
                                   null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("support login use")
        verbose_name_plural = _("support login uses")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.specialist}"
