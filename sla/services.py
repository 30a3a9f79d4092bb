"""Support calendars: reading them as opening tables, and every write to them.

Reads: `calendar_table_get(office)`, `calendar_tables_get()`. Each costs one small query
(the calendar's version) while the process's cached table is current; a stale version
rebuilds the table, so a change made in any process (web, Celery) is seen by every other
process on its next read, without a restart.

Writes: each runs in one transaction, locks the calendar row, bumps its version, writes an
audit entry and sends `sla.signals.calendar_changed` after commit. Admin goes through these.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record

from .calendar import CalendarRules, DayHours, OpeningTable, check_day_hours
from .holiday_source import closed_days as generated_closed_days
from .models import (
    ClosedDay,
    ClosedDaySource,
    DayOverride,
    DayOverrideInterval,
    SupportCalendar,
    WeeklyOpeningInterval,
)
from .signals import calendar_changed

__all__ = [
    "BAD_HOURS",
    "UNKNOWN_CALENDAR",
    "calendar_settings_update",
    "calendar_table_get",
    "calendar_tables_get",
    "calendar_window_extend",
    "closed_day_add",
    "closed_day_remove",
    "day_override_remove",
    "day_override_set",
    "hours_validate",
    "weekly_hours_set",
]

UNKNOWN_CALENDAR = "No support calendar for office {office!r}"
BAD_HOURS = _("Opening intervals must each close after they open and must not overlap: %(hours)s")

# A calendar's state as the cache knows it: (version, updated_at). The version alone could
# repeat: a write rolled back after this process cached its table leaves the number free
# for the next write, with other rows; the timestamp tells the two apart.
Stamp = tuple[int, datetime]

# Per process: office -> (stamp the table was built from, table). Assigning a tuple is
# atomic, so threads need no lock; at worst two of them build the same table once.
_tables: dict[str, tuple[Stamp, OpeningTable]] = {}


def _calendar_stamp(office: str) -> Stamp | None:
    """The calendar's stamp as the database has it now, None when there is no calendar.

    Every page that shows a deadline asks this once. The ORM spent five times as long
    building this one-row query as the database took to answer it, so it is plain SQL, the
    names taken from the model."""
    alias = router.db_for_read(SupportCalendar)
    with connections[alias].cursor() as cursor:
        cursor.execute(_stamp_sql(alias), [office])
        row = cursor.fetchone()
    return (row[0], row[1]) if row is not None else None


@functools.cache
def _stamp_sql(alias: str) -> str:
    meta = SupportCalendar._meta
    quote = connections[alias].ops.quote_name
    version, updated_at, office = (quote(meta.get_field(name).column)
                                   for name in ("version", "updated_at", "office"))
    return f"SELECT {version}, {updated_at} FROM {quote(meta.db_table)} WHERE {office} = %s"


def _table_build(office: str) -> tuple[Stamp, OpeningTable]:
    # The stamp is read before the rows, and the same way as every check reads it: if a
    # write lands in between, this table is newer than its stamp and the next read rebuilds
    # it, so a stale table never outlives one request.
    stamp = _calendar_stamp(office)
    calendar = SupportCalendar.objects.get(office=office)
    weekly: list[list[tuple[time, time]]] = [[] for _ in range(7)]
    for weekday, opens_at, closes_at in calendar.weekly_intervals.values_list(
        "weekday", "opens_at", "closes_at"
    ).order_by("weekday", "opens_at"):
        weekly[weekday].append((opens_at, closes_at))
    overrides: dict[date, list[tuple[time, time]]] = {
        day: [] for day in calendar.day_overrides.values_list("date", flat=True)
    }
    for day, opens_at, closes_at in (
        DayOverrideInterval.objects.filter(override__calendar=calendar)
        .values_list("override__date", "opens_at", "closes_at")
        .order_by("opens_at")
    ):
        overrides[day].append((opens_at, closes_at))
    rules = CalendarRules(
        office=calendar.office,
        time_zone=zoneinfo.ZoneInfo(calendar.time_zone),
        weekly=tuple(tuple(day) for day in weekly),
        eve_closes_at=calendar.eve_closes_at,
        closed_days=dict(calendar.closed_days.values_list("date", "name")),
        day_overrides={day: tuple(hours) for day, hours in overrides.items()},
    )
    return stamp, OpeningTable(
        rules, first_year=calendar.first_year, last_year=calendar.last_year
    )


def _table_current(office: str, stamp: Stamp) -> OpeningTable:
    cached = _tables.get(office)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    built = _table_build(office)
    _tables[office] = built
    return built[1]


# Inside a request (see `calendar_request_scope`): office -> stamp checked in this request.
# A page asks for the same table many times; one version check per request is enough for
# the promise that a calendar change applies from the next request on.
_request_stamps: ContextVar[dict[str, Stamp] | None] = ContextVar("sla_request_stamps",
                                                                  default=None)


@contextmanager
def calendar_request_scope() -> Iterator[None]:
    """Check each calendar's version at most once while this block runs (one request)."""
    token = _request_stamps.set({})
    try:
        yield
    finally:
        _request_stamps.reset(token)


def calendar_table_get(office: str) -> OpeningTable:
    """The opening table of `office` as the database has it now (one query when cached,
    none for the second ask within a request scope)."""
    checked = _request_stamps.get()
    stamp = checked.get(office) if checked is not None else None
    if stamp is None:
        stamp = _calendar_stamp(office)
        if stamp is None:
            raise SupportCalendar.DoesNotExist(UNKNOWN_CALENDAR.format(office=office))
        if checked is not None:
            checked[office] = stamp
    return _table_current(office, stamp)


def office_time_zone(office: str) -> zoneinfo.ZoneInfo:
    """The office's time zone; from the cached table when there is one (a zone change is
    picked up with the next calendar version), else one load."""
    cached = _tables.get(office)
    return cached[1].time_zone if cached is not None else calendar_table_get(office).time_zone


def calendar_tables_get() -> dict[str, OpeningTable]:
    """Every office's opening table, in the calendars' display order (one query when cached)."""
    return {
        office: _table_current(office, (version, updated_at))
        for office, version, updated_at in SupportCalendar.objects.values_list(
            "office", "version", "updated_at"
        )
    }


def hours_validate(intervals: Sequence[tuple[time, time]]) -> DayHours:
    """The intervals sorted; ValidationError when one is empty or two overlap."""
    try:
        return check_day_hours(tuple(sorted(intervals)))
    except ValueError:
        text = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in sorted(intervals))
        raise ValidationError(BAD_HOURS, code="hours", params={"hours": text}) from None


def _locked(calendar: SupportCalendar) -> SupportCalendar:
    return SupportCalendar.objects.select_for_update().get(pk=calendar.pk)


def _changed(
    calendar: SupportCalendar, *, reason: str, actor: object | None, details: dict[str, object]
) -> None:
    SupportCalendar.objects.filter(pk=calendar.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    calendar.refresh_from_db(fields=["version", "updated_at"])
    audit_record(
        actor=actor,
        action=f"sla_calendar.{reason}",
        subject=calendar,
        details={"office": calendar.office, "version": calendar.version, **details},
    )
    office, version = calendar.office, calendar.version
    transaction.on_commit(
        lambda: calendar_changed.send(
            sender=SupportCalendar, office=office, version=version, reason=reason
        )
    )


@transaction.atomic
def closed_day_add(
    *, calendar: SupportCalendar, day: date, name: str, actor: object | None = None
) -> ClosedDay:
    """Close the office on `day` (or rename the closure already there)."""
    calendar = _locked(calendar)
    closed_day, created = ClosedDay.objects.update_or_create(
        calendar=calendar,
        date=day,
        defaults={"name": name},
        create_defaults={"name": name, "source": ClosedDaySource.STAFF},
    )
    _changed(
        calendar,
        reason="closed_day.add" if created else "closed_day.rename",
        actor=actor,
        details={"date": day.isoformat(), "name": name},
    )
    return closed_day


@transaction.atomic
def closed_day_remove(*, calendar: SupportCalendar, day: date, actor: object | None = None) -> bool:
    """Open `day` again (generated or staff closure alike); False when it was not closed."""
    calendar = _locked(calendar)
    deleted, _ = ClosedDay.objects.filter(calendar=calendar, date=day).delete()
    if deleted:
        _changed(
            calendar, reason="closed_day.remove", actor=actor, details={"date": day.isoformat()}
        )
    return bool(deleted)


@transaction.atomic
def day_override_set(
    *,
    calendar: SupportCalendar,
    day: date,
    intervals: Sequence[tuple[time, time]],
    note: str = "",
    actor: object | None = None,
) -> DayOverride:
    """Give `day` exactly these opening intervals; none closes the office that day."""
    hours = hours_validate(intervals)
    calendar = _locked(calendar)
    override, _ = DayOverride.objects.update_or_create(
        calendar=calendar, date=day, defaults={"note": note}
    )
    override.intervals.all().delete()
    DayOverrideInterval.objects.bulk_create(
        DayOverrideInterval(override=override, opens_at=opens, closes_at=closes)
        for opens, closes in hours
    )
    _changed(
        calendar,
        reason="day_override.set",
        actor=actor,
        details={"date": day.isoformat(), "hours": [f"{a:%H:%M}-{b:%H:%M}" for a, b in hours]},
    )
    return override


@transaction.atomic
def day_override_remove(
    *, calendar: SupportCalendar, day: date, actor: object | None = None
) -> bool:
    """Return `day` to its generated hours; False when it had no override."""
    calendar = _locked(calendar)
    deleted, _ = DayOverride.objects.filter(calendar=calendar, date=day).delete()
    if deleted:
        _changed(
            calendar, reason="day_override.remove", actor=actor, details={"date": day.isoformat()}
        )
    return bool(deleted)


@transaction.atomic
def weekly_hours_set(
    *,
    calendar: SupportCalendar,
    hours: Mapping[int, Sequence[tuple[time, time]]],
    actor: object | None = None,
) -> None:
    """Replace the weekly intervals of the weekdays in `hours` (0 = Monday)."""
    validated = {weekday: hours_validate(intervals) for weekday, intervals in hours.items()}
    calendar = _locked(calendar)
    WeeklyOpeningInterval.objects.filter(calendar=calendar, weekday__in=validated).delete()
    WeeklyOpeningInterval.objects.bulk_create(
        WeeklyOpeningInterval(calendar=calendar, weekday=weekday, opens_at=opens, closes_at=closes)
        for weekday, day_hours in validated.items()
        for opens, closes in day_hours
    )
    _changed(
        calendar,
        reason="weekly_hours.set",
        actor=actor,
        details={
            str(weekday): [f"{a:%H:%M}-{b:%H:%M}" for a, b in day_hours]
            for weekday, day_hours in validated.items()
        },
    )


@transaction.atomic
def calendar_settings_update(
    *,
    calendar: SupportCalendar,
    name: str,
    time_zone: str,
    eve_closes_at: time | None,
    actor: object | None = None,
) -> SupportCalendar:
    """Rename the calendar, or change its time zone or eve closing time."""
    locked = _locked(calendar)
    locked.name, locked.time_zone, locked.eve_closes_at = name, time_zone, eve_closes_at
    locked.full_clean()
    locked.save(update_fields=["name", "time_zone", "eve_closes_at"])
    _changed(
        locked,
        reason="settings.update",
        actor=actor,
        details={"name": name, "time_zone": time_zone, "eve_closes_at": str(eve_closes_at)},
    )
    return locked


@transaction.atomic
def calendar_window_extend(*, until_year: int, actor: object | None = None) -> list[str]:
    """Make every calendar computable through `until_year`; idempotent.

    Closed days are generated for the years not generated before (one year past the window,
    so that 31 December knows whether it is an eve); a date staff already closed keeps its
    name. Years generated earlier are never regenerated: staff removals there stand.
    Returns the offices whose window grew.
    """
    extended = []
    for calendar in SupportCalendar.objects.select_for_update().filter(last_year__lt=until_year):
        years = range(calendar.last_year + 2, until_year + 2)
        taken = set(
            calendar.closed_days.filter(date__year__in=years).values_list("date", flat=True)
        )
        ClosedDay.objects.bulk_create(
            ClosedDay(calendar=calendar, date=day, name=name, source=ClosedDaySource.GENERATED)
            for day, name in generated_closed_days(calendar.office, years).items()
            if day not in taken
        )
        previous = calendar.last_year
        calendar.last_year = until_year
        calendar.save(update_fields=["last_year"])
        _changed(
            calendar,
            reason="window.extend",
            actor=actor,
            details={"from_year": previous, "to_year": until_year},
        )
        extended.append(calendar.office)
    return extended
