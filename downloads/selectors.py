"""Reads of version files, always through the reader's own customer's current licences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from customers.access import scope_to_customer
from customers.models import Licence

from .models import Product, ProductVersion

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def current_licences_for_user(*, user: User | AnonymousUser, today: dt.date) -> QuerySet[Licence]:
    """The active licences of the user's customer that are valid on ``today``."""
    return scope_to_customer(Licence.objects.all(), user=user).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        is_active=True, valid_from__lte=today, customer__is_active=True,
    )


def licensed_products_for_user(*, user: User | AnonymousUser, today: dt.date) -> QuerySet[Product]:
    """Active products a module on one of the customer's current licences entitles them to."""
    licences = current_licences_for_user(user=user, today=today)
    return (Product.objects.filter(is_active=True, modules__licences__in=licences.values("pk"))
            .distinct())


def published_versions() -> QuerySet[ProductVersion]:
    return ProductVersion.objects.filter(is_published=True).order_by("-release_date", "-pk")


@dataclass(frozen=True)
class ProductDownloads:
    product: Product
    versions: list[ProductVersion]  # newest first

    @property
    def latest(self) -> ProductVersion:
        return self.versions[0]


def product_downloads_for_user(*, user: User | AnonymousUser, today: dt.date) -> list[ProductDownloads]:
    """Each licensed product with published versions, newest version first; two queries."""
    products = (licensed_products_for_user(user=user, today=today)
                .prefetch_related(Prefetch("versions", queryset=published_versions()))
                .order_by("name"))
    rows = [ProductDownloads(product=product, versions=list(product.versions.all()))
            for product in products]
    return sorted((row for row in rows if row.versions),
                  key=lambda row: row.product.display_name.casefold())


def version_get_for_user(*, user: User | AnonymousUser, pk: int, today: dt.date) -> ProductVersion:
    """A published version of a product the user's customer is licensed for; Http404 for
    anything else (another customer's product, an unlicensed one, or none at all)."""
    products = licensed_products_for_user(user=user, today=today)
    try:
        return (published_versions().select_related("product")
                .get(pk=pk, product__in=products.values("pk")))
    except ProductVersion.DoesNotExist as missing:
        raise Http404("No such download.") from missing
