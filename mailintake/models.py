from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMail(models.Model):
    """Every mail the intake read, kept with what became of it: the key makes a message
    fetched twice count once, and a mail that could not be processed stays here with the
    reason for an operator, never deleted."""

    class Status(models.TextChoices):
        PROCESSED = "processed", _("processed")
        FAILED = "failed", _("could not be processed")

    key = models.CharField(_("message id"), max_length=255, unique=True)
    office = models.CharField(_("office"), max_length=2)
    received_at = models.DateTimeField(_("received"), db_index=True)
    from_addr = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    route = models.CharField(_("route"), max_length=20)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("inbound mail")
        verbose_name_plural = _("inbound mail")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_addr}: {self.subject[:60]}"


class BouncingAddress(models.Model):
    """An address our mail could not be delivered to, as its bounces said. Admin shows it so
    a specialist can ask the customer for a working address; mail from the address itself
    clears it (it works again)."""

    address = models.EmailField(_("address"), unique=True)
    bounces = models.PositiveIntegerField(_("bounces"), default=0)
    first_bounced_at = models.DateTimeField(_("first bounce"))
    last_bounced_at = models.DateTimeField(_("last bounce"), db_index=True)
    # The DSN status of the last bounce: 5.x.x is permanent (no such user), 4.x.x temporary.
    last_status = models.CharField(_("last status"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("bouncing address")
        verbose_name_plural = _("bouncing addresses")
        ordering = ["-last_bounced_at"]

    def __str__(self) -> str:
        return self.address
