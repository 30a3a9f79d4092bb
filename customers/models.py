from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .teams import Industry, SupportTeam, support_team_for

CUSTOMER_NUMBER_VALIDATOR = RegexValidator(
    r"^\d{4,10}$", _("A customer number has 4 to 10 digits, as on your invoice.")
)


class OfficeCountry(models.TextChoices):
    SWEDEN = "SE", _("Sweden")
    FINLAND = "FI", _("Finland")


class PaymentStatus(models.TextChoices):
    PAID_UP = "ok", _("Paid up")
    OVERDUE = "overdue", _("Overdue payments")


class Customer(models.Model):
    CUSTOMER_PATH = "pk"

    name = models.CharField(_("name"), max_length=200)
    customer_number = models.CharField(
        _("customer number"), max_length=10, unique=True, validators=[CUSTOMER_NUMBER_VALIDATOR]
    )
    office_country = models.CharField(
        _("office country"), max_length=2, choices=OfficeCountry.choices
    )
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices)
    payment_status = models.CharField(
        _("payment status"), max_length=10, choices=PaymentStatus.choices,
        default=PaymentStatus.PAID_UP,
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Raised whenever something changes that every portal page shows its people (seats,
    # licences, trainings, release notes and their reads): their sessions remember those
    # facts until it moves (portal.reader_facts).
    portal_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.customer_number})"

    @property
    def support_team(self) -> SupportTeam:
        return support_team_for(self.industry)

    @property
    def has_overdue_payments(self) -> bool:
        return self.payment_status == PaymentStatus.OVERDUE


class Module(models.Model):
    """A product module a licence can cover (e.g. Invoicing, Payroll)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    # The name in each portal language; `name` is the fallback when one is empty.
    name_sv = models.CharField(_("name in Swedish"), max_length=120, blank=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (forms and pages show this), else ``name``."""
        return module_name_in(get_language() or "", name=self.name, sv=self.name_sv,
                              fi=self.name_fi, en=self.name_en)


def module_name_in(language: str, *, name: str, sv: str, fi: str, en: str) -> str:
    """A module's name in ``language`` ("sv", "fi-FI", ...), else its plain name: for pages
    that read the names as values rather than as Module rows."""
    return {"sv": sv, "fi": fi, "en": en}.get(language.split("-")[0]) or name


class Licence(models.Model):
    CUSTOMER_PATH = "customer_id"

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="licences"
    )
    number = models.CharField(_("licence number"), max_length=30, unique=True)
    modules = models.ManyToManyField(Module, verbose_name=_("modules"), related_name="licences")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["customer__name", "number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="licence_valid_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.customer.name})"


class TrainingCompletion(models.Model):
    """A person finished the training for a module; only then may they report cases on it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="trainings",
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="trainings"
    )
    completed_on = models.DateField(_("completed on"))

    class Meta:
        verbose_name = _("completed training")
        verbose_name_plural = _("completed trainings")
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="training_once_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.module}"
