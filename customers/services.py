"""Writes about customers."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

from .models import Customer


def portal_version_raise(*, customer_ids: Iterable[int] | None) -> None:
    """What the portal remembers for these customers' people (portal.reader_facts) is out
    of date; None: for every customer (a release note concerns them all)."""
    rows = Customer.objects.all()
    if customer_ids is not None:
        rows = rows.filter(pk__in=list(customer_ids))
    rows.update(portal_version=F("portal_version") + 1)
