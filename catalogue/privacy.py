"""Personal data in the catalogue app (privacy.registry): none, the catalogue is the vendor's."""

from __future__ import annotations

from privacy.registry import declare, not_personal

from .models import ServiceCategory, ServiceItem

declare(ServiceCategory, fields=not_personal(
    "id", "code", "name", "name_sv", "name_fi", "name_en", "description", "description_sv",
    "description_fi", "description_en", "position"))
declare(ServiceItem, fields=not_personal(
    "id", "category", "name", "name_sv", "name_fi", "name_en", "description", "description_sv",
    "description_fi", "description_en", "price_sek", "price_eur", "price_unit", "module",
    "is_active", "position"))
