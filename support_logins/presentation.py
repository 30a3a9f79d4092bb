"""Grant instants and durations in words: office-local time (`sla.presentation`), the
reader's language."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from sla.calendar import OpeningTable, format_duration
from sla.presentation import duration_units, office_clock

__all__ = ["time_left_label", "until_label"]


def until_label(table: OpeningTable, at: datetime) -> str:
    """'until Mon 10:00' (rule book §4: the SuperUser sees the exact end before confirming)."""
    return _("until %(when)s") % {"when": office_clock(table, at)}


def time_left_label(left: timedelta) -> str:
    """'3 h 20 min', to the minute: seconds would only flicker on a page that is not live."""
    minutes = max(int(left.total_seconds()) // 60, 0)
    return format_duration(timedelta(minutes=minutes), duration_units())
