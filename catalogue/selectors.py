"""Reads of the service catalogue (the same for every customer: nothing customer-owned)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.text import Truncator

from .models import ServiceCategory, ServiceItem
from .rules import IndicativePrice, indicative_price, order_description


def active_items() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.filter(is_active=True).select_related("module")


@dataclass(frozen=True)
class CatalogueItem:
    item: ServiceItem
    price: IndicativePrice


@dataclass(frozen=True)
class CatalogueCategory:
    category: ServiceCategory
    items: list[CatalogueItem]


def catalogue_for_office(*, office: str | None) -> list[CatalogueCategory]:
    """Every category with active items, prices in the office's currency; two queries."""
    categories = ServiceCategory.objects.prefetch_related(
        Prefetch("items", queryset=active_items().order_by("position", "name")))
    return [
        CatalogueCategory(category=category, items=[
            CatalogueItem(item=item, price=indicative_price(
                office=office, price_sek=item.price_sek, price_eur=item.price_eur,
                unit=item.price_unit))
            for item in category.items.all()])
        for category in categories
        if category.items.all()
    ]


def service_order_prefill(*, item_id: int) -> dict:
    """The case registration form's initial values for ordering an active catalogue item
    (in the active language); empty when there is no such item."""
    item = active_items().filter(pk=item_id).first()
    if item is None:
        return {}
    initial = {"category": "order", "subject": Truncator(item.display_name).chars(200),
               "description": order_description(name=item.display_name,
                                                description=item.display_description)}
    if item.module_id is not None:
        initial["module"] = item.module_id
    return initial
