from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SuperUserSeat(models.Model):
    """A seat on a licence, held by one person: that person is a SuperUser of the customer.

    Seats are only created through ``superusers.services.superuser_seat_assign``, which
    enforces the per-licence limit under a row lock.
    """

    CUSTOMER_PATH = "licence__customer_id"

    licence = models.ForeignKey(
        "customers.Licence", verbose_name=_("licence"), on_delete=models.CASCADE,
        related_name="seats",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="seats",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("SuperUser seat")
        verbose_name_plural = _("SuperUser seats")
        ordering = ["licence", "assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "user"], name="one_seat_per_person_licence")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.licence.number}"
