"""Every date, time and amount the portal shows, worded per language (see portal.formatting).

STUB: replaced by the formatting work; the filter names and arguments are the contract."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def when(value):
    """A moment: sv 'ons 2 dec. 12:00', fi 'ke 2.12. klo 12.00', en 'Wed 2 Dec 12:00'."""
    return "" if value is None else f"{value:%a %d %b %H:%M}"


@register.filter
def when_date(value):
    """A day: sv 'ons 2 dec.', fi 'ke 2.12.', en 'Wed 2 Dec'."""
    return "" if value is None else f"{value:%a %d %b}"


@register.filter
def money(amount, currency="SEK"):
    """An amount in the reader's locale: sv '4 800,00 kr'."""
    return "" if amount is None else f"{amount} {currency}"
