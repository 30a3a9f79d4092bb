"""Catalogue rules as plain functions: no ORM, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# The office a customer belongs to decides the currency of the prices shown.
OFFICE_CURRENCY = {"SE": "SEK", "FI": "EUR"}


@dataclass(frozen=True)
class IndicativePrice:
    amount: Decimal | None  # None: on quote
    currency: str
    unit: str

    @property
    def on_quote(self) -> bool:
        return self.amount is None


def indicative_price(*, office: str | None, price_sek: Decimal | None, price_eur: Decimal | None,
                     unit: str) -> IndicativePrice:
    """The price a reader of ``office`` sees; no price in their currency means a quote."""
    currency = OFFICE_CURRENCY.get(office or "", "SEK")
    amount = price_eur if currency == "EUR" else price_sek
    return IndicativePrice(amount=amount, currency=currency, unit=unit)


def order_description(*, name: str, description: str) -> str:
    """What an order case from the catalogue starts with: the item, then its description."""
    return f"{name}\n\n{description}".strip() if description else name
