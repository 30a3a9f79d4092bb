from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised by any attempt to change or delete processing-log entries."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("audit entries cannot be changed")


class AuditEntry(models.Model):
    """The processing log: who (user and role) read, exported, changed or erased whose
    personal data, which object, when and from which IP (GDPR: all processing is logged, so
    improper access can be traced and the persons told).

    Append-only — no edit or delete through admin, services or the ORM, and on PostgreSQL a
    trigger refuses UPDATE and DELETE. It keeps references (ids), never copies of names or
    addresses, so it survives a person's erasure without keeping the person: the ids point
    at an anonymised account. The foreign keys carry no database constraint for the same
    reason: nothing that happens to a user may rewrite the log."""

    class Role(models.TextChoices):
        CUSTOMER = "customer", _("customer")
        STAFF = "staff", _("staff")
        SYSTEM = "system", _("system")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    actor_role = models.CharField(_("role"), max_length=10, choices=Role.choices,
                                  default=Role.SYSTEM)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    subject_type = models.CharField(_("object type"), max_length=64, blank=True)
    subject_id = models.CharField(_("object id"), max_length=64, blank=True)
    # Whose personal data it was.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("whose data"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    customer_id = models.BigIntegerField(_("customer id"), null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject_type", "subject_id"]),
                   models.Index(fields=["person", "at"], name="audit_person_at_idx"),
                   models.Index(fields=["actor", "at"], name="audit_actor_at_idx")]
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} #{self.actor_id or '-'} {self.action} {self.subject_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")
