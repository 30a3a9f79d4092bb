"""Human wording of SLA promises, in the reader's language and the office's time zone."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import formats
from django.utils.translation import gettext as _

from sla.calendar import explain, format_duration, to_local
from sla.presentation import duration_units, explanation_text
from sla.rules import start_deadline
from sla.services import calendar_table_get


def office_time_label(at: datetime, *, office: str) -> str:
    """'Tue 3 Mar 10:30' in the office's local time and the reader's language."""
    local = to_local(calendar_table_get(office), at)
    return formats.date_format(local, "D j M H:i")


def promised_start_label(*, office: str, level: int, now: datetime) -> str:
    deadline = start_deadline(calendar_table_get(office), now, level)
    return _("work starts by %(when)s") % {"when": office_time_label(deadline, office=office)}


def duration_label(duration: timedelta) -> str:
    return format_duration(abs(duration), duration_units())


def deadline_explanation(*, office: str, start: datetime, end: datetime) -> str:
    """Which opening intervals a deadline consumed: 'Tue 08:00–12:00 (4 h), …'."""
    return explanation_text(explain(calendar_table_get(office), start, end))
