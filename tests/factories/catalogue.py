"""Factories of the catalogue app."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from catalogue.models import ServiceCategory, ServiceItem

__all__ = ["ServiceCategoryFactory", "ServiceItemFactory"]


class ServiceCategoryFactory(DjangoModelFactory[ServiceCategory]):
    class Meta:
        model = ServiceCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class ServiceItemFactory(DjangoModelFactory[ServiceItem]):
    class Meta:
        model = ServiceItem

    category = factory.SubFactory(ServiceCategoryFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "What the service does."
