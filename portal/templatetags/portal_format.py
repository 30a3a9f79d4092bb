"""Every date, time and amount the portal shows, in the active language and time zone (the
middleware activates the reader's language and their office's time zone); the wording is
`portal.formatting`'s."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django import template
from django.utils import timezone, translation

from portal.events import message_text as _message_text
from portal.formatting import format_day, format_moment, format_money

if TYPE_CHECKING:
    from cases.models import Message

register = template.Library()


def _language() -> str:
    return (translation.get_language() or "sv").split("-")[0]


@register.filter
def when(value: datetime | None) -> str:
    """A moment: sv 'ons 2 dec. 12:00', fi 'ke 2.12. klo 12.00', en 'Wed 2 Dec 12:00'."""
    if not value:
        return ""
    return format_moment(value, _language(), timezone.get_current_timezone())


@register.filter
def when_year(value: datetime | None) -> str:
    """A moment with its year, for dates that may lie in another year."""
    if not value:
        return ""
    return format_moment(value, _language(), timezone.get_current_timezone(), with_year=True)


@register.filter
def when_date(value: date | datetime | None) -> str:
    """A day: sv 'ons 2 dec.', fi 'ke 2.12.', en 'Wed 2 Dec'."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return format_day(value, _language())


@register.filter
def money(amount: Decimal | None, currency: str = "SEK") -> str:
    """An amount in the reader's locale: sv '4 800,00 kr'."""
    if amount is None or amount == "":
        return ""
    return format_money(Decimal(amount), currency, _language())


@register.filter
def message_text(message: Message) -> str:
    """A conversation message's text in the active language: a note the portal wrote (a
    support login granted, revoked, expired) is worded for this reader."""
    return _message_text(message)


@register.filter
def state_name(state: str, category: str) -> str:
    """A workflow state under its customer-facing name in the case's workflow:
    ``{{ case.state|state_name:case.category }}``."""
    from cases.workflows import state_display_name  # the portal app loads before cases

    return state_display_name(category, state)


@register.filter
def sla_badge(sla: str | None) -> str:
    """The coloured badge of a case's start promise: ``{{ case.sla|sla_badge }}``."""
    from cases.listing import sla_badge_html

    return sla_badge_html(sla)


@register.filter
def display(instance, field_name: str) -> str:
    """``{{ case|display:"category" }}``: get_category_display() without rebuilding the
    field's choices on every call (kundcenter.choices)."""
    from kundcenter.choices import choice_display

    return choice_display(instance, field_name)
