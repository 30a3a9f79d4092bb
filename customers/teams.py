"""Industries and the support team that serves each (the phone menu in the brochures)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportTeam(models.TextChoices):
    CRAFTS_TRANSPORT_CONSULTING = "crafts", _("Craftsmen, Transport and Consulting")
    TRADE_SERVICES_ORGANISATIONS = "trade", _("Trade, Service Companies and Organisations")


class Industry(models.TextChoices):
    ELECTRICAL_HVAC = "electrical_hvac", _("Electrical and HVAC installers")
    CONSTRUCTION = "construction", _("Construction")
    TRANSPORT = "transport", _("Transport")
    SHEET_METAL_VENTILATION = "sheet_metal", _("Sheet metal and ventilation")
    ENERGY = "energy", _("Energy")
    SECURITY = "security", _("Security, locks and alarms")
    IT_COMPANIES = "it", _("IT companies")
    GROCERY = "grocery", _("Grocery trade")
    RETAIL = "retail", _("Retail")
    SPECIALIST_RETAIL = "specialist_retail", _("Specialist retail")
    HEALTHCARE = "healthcare", _("Healthcare and social care")
    HOSPITALITY = "hospitality", _("Hotels and restaurants")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    ORGANISATIONS = "organisations", _("Organisations")
    ACCOUNTING = "accounting", _("Accounting and auditing")
    BANKING_FINANCE = "banking", _("Banking and finance")
    AGRICULTURE = "agriculture", _("Agriculture")


_CRAFTS = frozenset({
    Industry.ELECTRICAL_HVAC, Industry.CONSTRUCTION, Industry.TRANSPORT,
    Industry.SHEET_METAL_VENTILATION, Industry.ENERGY, Industry.SECURITY, Industry.IT_COMPANIES,
})


def support_team_for(industry: str) -> SupportTeam:
    """The team that takes a customer's new cases; every industry maps to exactly one."""
    if industry in _CRAFTS:
        return SupportTeam.CRAFTS_TRANSPORT_CONSULTING
    if industry in Industry.values:
        return SupportTeam.TRADE_SERVICES_ORGANISATIONS
    raise ValueError(f"unknown industry {industry!r}")
