"""Grant instants and durations in words: office-local time, the reader's language.

Django's `date` filter would show a time in the site's time zone (Stockholm) also to a Finnish
customer, so every instant shown about a grant goes through here, with the office's table.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sla.calendar import OpeningTable, format_duration, to_local
from sla.presentation import duration_units

__all__ = ["OFFICE_TIME", "office_clock", "office_datetime_long", "time_left_label", "until_label"]

OFFICE_TIME = {"SE": gettext_lazy("Swedish time"), "FI": gettext_lazy("Finnish time")}


def office_clock(table: OpeningTable, at: datetime) -> str:
    """'Mon 10:00': weekday and clock in the office's time zone, weekday in the active language."""
    return formats.date_format(to_local(table, at), "D H:i")


def office_datetime_long(table: OpeningTable, at: datetime) -> str:
    """'Monday 16 February 2026 10:00 (Swedish time)'."""
    local = to_local(table, at)
    text = f"{formats.date_format(local, 'l')} {formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M}"
    zone = OFFICE_TIME.get(table.rules.office)
    return f"{text} ({zone})" if zone else text


def until_label(table: OpeningTable, at: datetime) -> str:
    """'until Mon 10:00' (rule book §4: the SuperUser sees the exact end before confirming)."""
    return _("until %(when)s") % {"when": office_clock(table, at)}


def time_left_label(left: timedelta) -> str:
    """'3 h 20 min', to the minute: seconds would only flicker on a page that is not live."""
    minutes = max(int(left.total_seconds()) // 60, 0)
    return format_duration(timedelta(minutes=minutes), duration_units())
