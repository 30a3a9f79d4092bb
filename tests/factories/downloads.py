"""Factories of the downloads app: products tied to modules, versions stored through the
real service (so the SHA-256 is the file's)."""

from __future__ import annotations

import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from downloads.models import Product, ProductVersion
from downloads.services import product_version_save

__all__ = ["ProductFactory", "make_product_version"]


class ProductFactory(DjangoModelFactory[Product]):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"product-{n}")
    name = factory.Sequence(lambda n: f"Product {n}")

    @factory.post_generation
    def modules(self, create, extracted, **kwargs):
        if create and extracted:
            self.modules.set(extracted)


def make_product_version(*, product: Product | None = None, version: str = "1.0",
                         content: bytes = b"installer bytes", filename: str = "setup.zip",
                         release_date: dt.date = dt.date(2026, 1, 15), notes: str = "",
                         **fields) -> ProductVersion:
    return product_version_save(
        version=ProductVersion(product=product or ProductFactory(), version=version,
                               release_date=release_date, notes=notes, **fields),
        upload=ContentFile(content, name=filename), now=timezone.now())
