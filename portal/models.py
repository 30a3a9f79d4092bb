from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SeatRequest(models.Model):
    """A person without a SuperUser seat asked for one from the portal's home. Kept so the
    button can say "asked on …" and the same people are not mailed again and again."""

    CUSTOMER_PATH = "customer_id"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"),
                             on_delete=models.CASCADE, related_name="seat_requests")
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"),
                                 on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(_("requested"), db_index=True)
    # Who was asked: the company's SuperUsers, or the customer centre when it has none.
    sent_to = models.JSONField(_("sent to"), default=list)

    class Meta:
        verbose_name = _("SuperUser seat request")
        verbose_name_plural = _("SuperUser seat requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.requested_at:%Y-%m-%d}"
