from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRequest(models.Model):
    """A person's own request to be erased, which staff confirm (or decline with a reason),
    and the record of every erasure done: what was removed and what a legal hold kept."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for staff")
        DONE = "done", _("erased")
        DECLINED = "declined", _("declined")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"),
                               on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"))
    # Empty when staff erased on their own initiative (no request by the person).
    requested_by_person = models.BooleanField(_("asked by the person"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # What the erasure did: counts per kind of data, and what was kept and why.
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-requested_at", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["person"], condition=models.Q(status="pending"),
            name="one_pending_erasure_per_person")]

    def __str__(self) -> str:
        return f"#{self.person_id} {self.status}"
