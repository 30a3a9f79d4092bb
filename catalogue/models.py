"""The service catalogue: what a customer can order beyond the free support, in the
brochure's four groups (micro-services, consulting, technical consulting, advisory
subscriptions). Ordering an item registers an order case, which then follows the order
workflow with its cost estimate."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from customers.models import Module


def in_language(obj: models.Model, field: str) -> str:
    """``field`` in the active language (``<field>_sv`` …), else the fallback ``field``."""
    language = (get_language() or "").split("-")[0]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, field)



class _NamedInLanguages:
    """Name and description in the reader's language (name_sv, description_fi, ...)."""

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self, "name")

    @property
    def display_description(self) -> str:
        return in_language(self, "description")

class ServiceCategory(_NamedInLanguages, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120, blank=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["position", "name"]



class PriceUnit(models.TextChoices):
    FIXED = "fixed", _("fixed price")
    HOUR = "hour", _("per hour")
    MONTH = "month", _("per month")


class ServiceItem(_NamedInLanguages, models.Model):
    category = models.ForeignKey(ServiceCategory, verbose_name=_("category"),
                                 on_delete=models.PROTECT, related_name="items")
    name = models.CharField(_("name"), max_length=150)
    name_sv = models.CharField(_("name in Swedish"), max_length=150, blank=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=150, blank=True)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    # Indicative prices in each office's currency; empty: the price is quoted per order.
    price_sek = models.DecimalField(_("indicative price (SEK)"), max_digits=10, decimal_places=2,
                                    null=True, blank=True)
    price_eur = models.DecimalField(_("indicative price (EUR)"), max_digits=10, decimal_places=2,
                                    null=True, blank=True)
    price_unit = models.CharField(_("price unit"), max_length=10, choices=PriceUnit.choices,
                                  default=PriceUnit.FIXED)
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="service_items")
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["category__position", "position", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price_sek__isnull=True)
                                   | models.Q(price_sek__gte=0), name="service_price_sek_positive"),
            models.CheckConstraint(condition=models.Q(price_eur__isnull=True)
                                   | models.Q(price_eur__gte=0), name="service_price_eur_positive"),
        ]

