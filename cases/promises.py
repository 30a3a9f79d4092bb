"""Human wording of SLA promises, in the reader's language and the office's time zone."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from sla.calendar import explain, format_duration
from sla.presentation import duration_units, explanation_text, office_day_clock
from sla.rules import start_deadline
from sla.services import calendar_table_get


def promised_start_label(*, office: str, level: int, now: datetime) -> str:
    """'work starts by Tue 3 Mar 10:30', office-local, in the reader's language."""
    table = calendar_table_get(office)
    return _("work starts by %(when)s") % {
        "when": office_day_clock(table, start_deadline(table, now, level))}


def duration_label(duration: timedelta) -> str:
    return format_duration(abs(duration), duration_units())


def deadline_explanation(*, office: str, start: datetime, end: datetime) -> str:
    """Which opening intervals a deadline consumed: 'Tue 08:00–12:00 (4 h), …'."""
    return explanation_text(explain(calendar_table_get(office), start, end))
