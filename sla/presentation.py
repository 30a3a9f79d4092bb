"""Opening hours and SLA arithmetic in words, in the active language.

The Django-side companion of `sla.calendar`: translated texts and weekday names, built from
pure calendar queries. Every function takes the clock as an argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from customers.teams import Industry, SupportTeam, support_team_for
from portal.formatting import (
    format_clock,
    format_day,
    format_moment,
    format_moment_long,
    format_time_of_day,
    format_weekday,
)

from .calendar import (
    CalendarError,
    ConsumedInterval,
    DayHours,
    DurationUnits,
    OpeningTable,
    close_of_day,
    current_interval,
    day_intervals,
    format_explanation,
    is_eve,
    next_opening,
    to_local,
)
from .models import SupportCalendar

__all__ = [
    "OFFICE_TIME",
    "HoursRow",
    "OfficeContact",
    "OfficeStatus",
    "PhoneMenuOption",
    "duration_units",
    "explanation_text",
    "office_clock",
    "office_contact",
    "office_datetime_long",
    "office_day_clock",
    "office_status",
    "own_office_first",
    "phone_menu",
    "weekly_hours_rows",
]

WEEK = 7


def _clock(moment: datetime | time) -> str:
    """A time inside a translated sentence, which brings its own "klo" in Finnish."""
    return format_time_of_day(moment, _active_language())


def _day_label(day: date, *, with_date: bool) -> str:
    """'Tue', or 'Tue 12 Jan' in the active language (`portal.formatting`)."""
    language = _active_language()
    return format_day(day, language) if with_date else format_weekday(day, language)


@dataclass(frozen=True)
class OfficeStatus:
    is_open: bool
    text: str


def office_status(table: OpeningTable, *, now: datetime) -> OfficeStatus:
    """The status line: e.g. "Open now, closes 16:00 today (lunch break 12:00–13:00)" or
    "Closed, opens Tue 08:00"."""
    local_now = to_local(table, now)
    today = local_now.date()
    interval = current_interval(table, now)
    if interval is not None:
        closes = close_of_day(table, today)
        assert closes is not None  # open now, so today has a close
        notes = []
        if is_eve(table, today):
            notes.append(_("day before a holiday"))
        later = [start for start, _end in day_intervals(table, today) if start > local_now]
        if later:
            notes.append(
                _("lunch break %(start)s–%(end)s")
                % {"start": _clock(interval[1]), "end": _clock(later[0])}
            )
        text = _("Open now, closes %(time)s today") % {"time": _clock(closes)}
        if notes:
            text = _("%(status)s (%(notes)s)") % {"status": text, "notes": "; ".join(notes)}
        return OfficeStatus(True, text)
    opens = next_opening(table, now)
    if opens.date() == today:
        text = _("Closed, opens %(time)s today") % {"time": _clock(opens)}
    else:
        # Within a week the weekday says which day; beyond it add the date.
        text = _("Closed, opens %(day)s %(time)s") % {
            "day": _day_label(opens.date(), with_date=(opens.date() - today).days >= WEEK),
            "time": _clock(opens),
        }
    return OfficeStatus(False, text)


@dataclass(frozen=True)
class HoursRow:
    days: str
    hours: str


def _hours_text(hours: DayHours) -> str:
    if not hours:
        # Not the case state "Closed": Swedish and Finnish use different words for the two.
        return pgettext("opening hours", "Closed")
    return ", ".join(f"{_clock(opens)}–{_clock(closes)}" for opens, closes in hours)


def weekly_hours_rows(weekly: Sequence[DayHours], *, skip_closed: bool = False) -> list[HoursRow]:
    """Consecutive weekdays with the same hours share a row: "Mon–Thu 08:00–11:00, …"."""
    rows: list[HoursRow] = []
    first = 0
    for weekday in range(1, len(weekly) + 1):
        if weekday < len(weekly) and weekly[weekday] == weekly[first]:
            continue
        days = str(WEEKDAYS_ABBR[first])
        if weekday - 1 != first:
            days = f"{days}–{WEEKDAYS_ABBR[weekday - 1]}"
        if weekly[first] or not skip_closed:
            rows.append(HoursRow(days, _hours_text(weekly[first])))
        first = weekday
    return rows


@dataclass(frozen=True)
class OfficeContact:
    office: str
    name: str
    country: str
    email: str
    weekly: list[HoursRow]
    eve_hours: list[HoursRow]
    status: OfficeStatus | None
    phone: str = ""
    address: str = ""
    # "Finnish time": the hours are the office's own, which a reader in the other country
    # would otherwise read as theirs.
    time_zone: str = ""


def office_contact(
    calendar: SupportCalendar, table: OpeningTable, *, now: datetime
) -> OfficeContact:
    """What the contact page shows for one office at `now`."""
    rules = table.rules
    eve_weekly = tuple(rules.eve_hours(hours) for hours in rules.weekly)
    eve_rows = weekly_hours_rows(eve_weekly, skip_closed=True)
    if len({hours for hours in eve_weekly if hours}) == 1:
        eve_rows = [HoursRow("", eve_rows[0].hours)]  # the same every weekday: one line
    try:
        status: OfficeStatus | None = office_status(table, now=now)
    except CalendarError:
        status = None  # past the calendar window: show the hours, not a guess
    return OfficeContact(
        office=calendar.office,
        name=calendar.name,
        country=str(calendar.get_office_display()),
        email=getattr(settings, f"SUPPORT_EMAIL_{calendar.office}", ""),
        weekly=weekly_hours_rows(rules.weekly),
        eve_hours=eve_rows if rules.eve_closes_at is not None else [],
        status=status,
        phone=settings.OFFICE_CONTACTS.get(calendar.office, {}).get("phone", ""),
        address=settings.OFFICE_CONTACTS.get(calendar.office, {}).get("address", ""),
        time_zone=str(OFFICE_TIME.get(calendar.office, "")),
    )


def own_office_first(contacts: Sequence[OfficeContact], office: str | None) -> list[OfficeContact]:
    """The reader's own office first, the others in their given order."""
    return sorted(contacts, key=lambda contact: contact.office != office)


@dataclass(frozen=True)
class PhoneMenuOption:
    number: int
    team: str
    industries: list[str]


def phone_menu() -> list[PhoneMenuOption]:
    """The phone menu's choices: one per support team, in the brochure's order (1 crafts,
    2 trade), each with the industries it serves (`customers.teams`, the one mapping)."""
    return [
        PhoneMenuOption(number, str(team.label),
                        [str(industry.label) for industry in Industry
                         if support_team_for(industry) == team])
        for number, team in enumerate(SupportTeam, start=1)
    ]


def duration_units() -> DurationUnits:
    """Unit words for `sla.calendar.format_duration` in the active language."""
    return DurationUnits(
        hour=pgettext("hours, abbreviated", "h"),
        minute=pgettext("minutes, abbreviated", "min"),
        second=pgettext("seconds, abbreviated", "s"),
    )


def explanation_text(intervals: list[ConsumedInterval]) -> str:
    """The consumed intervals in the active language, e.g. "Tue 08:00–12:00 (4 h),
    Tue 13:00–14:30 (1 h 30 min)"; the date is added when they span more than a week."""
    days: list[date] = [piece.start.date() for piece in intervals]
    long_span = bool(days) and days[-1] - days[0] >= timedelta(days=WEEK)
    return format_explanation(
        intervals,
        day_label=lambda day: _day_label(day, with_date=long_span),
        units=duration_units(),
    )


# Instants shown to people are written in the office's time zone: Django's `date` filter would
# use the site's zone (Stockholm), also in an email to a Finnish customer.
OFFICE_TIME = {"SE": gettext_lazy("Swedish time"), "FI": gettext_lazy("Finnish time")}


def _active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def office_clock(table: OpeningTable, at: datetime) -> str:
    """'Mon 10:00' / 'mån 10:00' / 'ma klo 10.00': weekday and clock in the office's time
    zone, in the active language (the portal's one wording, `portal.formatting`)."""
    local = to_local(table, at)
    language = _active_language()
    return f"{format_weekday(local.date(), language)} {format_clock(local, language)}"


def office_day_clock(table: OpeningTable, at: datetime) -> str:
    """'Mon 16 Feb 10:00' / 'mån 16 feb. 10:00' / 'ma 16.2. klo 10.00'."""
    local = to_local(table, at)
    return format_moment(local, _active_language(), local.tzinfo)


def office_datetime_long(table: OpeningTable, at: datetime) -> str:
    """'Monday 16 February 2026 10:00 (Swedish time)' / 'måndag 16 februari 2026 10:00
    (svensk tid)' / 'maanantai 16.2.2026 klo 10.00 (Suomen aika)'."""
    local = to_local(table, at)
    text = format_moment_long(local, _active_language(), local.tzinfo)
    zone = OFFICE_TIME.get(table.rules.office)
    return f"{text} ({zone})" if zone else text
