"""The opening table against a day-walking reference on thousands of seeded random queries.

The reference shares nothing with `sla.calendar` but `CalendarRules.hours_on`: it walks the
local days with zoneinfo and aware UTC arithmetic, one interval at a time. Answers must be
identical, not merely equal instants: same zone object, wall time, UTC offset and fold.

The queries lean on what the table's shortcuts around zoneinfo must get right: instants in
the office's zone (including skipped and repeated wall times, both folds), in UTC, in other
zones; days around DST changes; holidays and eves; calendars whose opening hours straddle
the DST change itself; durations with microseconds, and zero.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from sla.calendar import (
    CalendarRules,
    OpeningTable,
    add_open_time,
    is_open,
    next_opening,
    open_time_between,
)
from sla.holiday_source import default_table

SEED = 20261203
QUERIES = 2_500
FIRST_YEAR, LAST_YEAR = 2025, 2028
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_YORK = ZoneInfo("America/New_York")
OTHER_ZONES: tuple[tzinfo, ...] = (
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=5, minutes=30)),
    ZoneInfo("Asia/Tokyo"),
    NEW_YORK,
)
# Queries stay this far inside the table's window, so no answer falls off its end.
MARGIN = timedelta(days=40)


def _hours(*pairs: tuple[str, str]) -> tuple[tuple[time, time], ...]:
    return tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in pairs)


def night_shift_rules() -> CalendarRules:
    """Open 01:30-03:30 every night, right across the European DST changes (02:00 -> 03:00
    in March, 03:00 -> 02:00 in October), and 10:00-12:00; a holiday, an eve rule and an
    override that opens inside the skipped hour."""
    night = _hours(("01:30", "03:30"), ("10:00", "12:00"))
    return CalendarRules(
        office="NIGHT",
        time_zone=STOCKHOLM,
        weekly=(night,) * 7,
        eve_closes_at=time(11),
        closed_days={date(2026, 12, 25): "Christmas", date(2027, 3, 29): "A Monday off"},
        day_overrides={date(2026, 3, 29): _hours(("02:15", "02:45"), ("05:00", "06:00"))},
    )


def long_days_rules() -> CalendarRules:
    """New York, open 00:30-23:30 on weekdays: every DST change (02:00 local on a Sunday)
    falls inside a Saturday or Sunday opening of the weekend hours."""
    weekday = _hours(("00:30", "23:30"))
    weekend = _hours(("01:00", "04:00"))
    return CalendarRules(
        office="LONG",
        time_zone=NEW_YORK,
        weekly=(weekday,) * 5 + (weekend, weekend),
        eve_closes_at=time(13),
        closed_days={date(2026, 7, 3): "Independence Day (observed)"},
    )


@pytest.fixture(scope="module")
def calendars() -> dict[str, OpeningTable]:
    return {
        "SE": default_table("SE", first_year=FIRST_YEAR, last_year=LAST_YEAR),
        "FI": default_table("FI", first_year=FIRST_YEAR, last_year=LAST_YEAR),
        "NIGHT": OpeningTable(night_shift_rules(), first_year=FIRST_YEAR, last_year=LAST_YEAR),
        "LONG": OpeningTable(long_days_rules(), first_year=FIRST_YEAR, last_year=LAST_YEAR),
    }


# --- the reference ---------------------------------------------------------------------------


def reference_intervals(rules: CalendarRules, first: date, last: date):
    """(begin, end) in UTC of each opening interval of the local days first..last."""
    day = first
    while day <= last:
        for opens, closes in rules.hours_on(day):
            begin = datetime.combine(day, opens, rules.time_zone).astimezone(UTC)
            end = datetime.combine(day, closes, rules.time_zone).astimezone(UTC)
            if end > begin:
                yield begin, end
        day += timedelta(days=1)


def _local_day(rules: CalendarRules, at: datetime) -> date:
    return at.astimezone(rules.time_zone).date()


def reference_add(rules: CalendarRules, start: datetime, duration: timedelta) -> datetime:
    cursor = start.astimezone(UTC)
    remaining = duration
    first = _local_day(rules, start) - timedelta(days=1)
    for begin, end in reference_intervals(rules, first, date(LAST_YEAR, 12, 31)):
        if end <= cursor:
            continue
        begin = max(begin, cursor)
        if not remaining:
            return begin.astimezone(rules.time_zone)
        if end - begin >= remaining:
            return (begin + remaining).astimezone(rules.time_zone)
        remaining -= end - begin
        cursor = end
    raise AssertionError("the reference ran off the calendar")


def reference_is_open(rules: CalendarRules, at: datetime) -> bool:
    day = _local_day(rules, at)
    instant = at.astimezone(UTC)
    return any(
        begin <= instant < end
        for begin, end in reference_intervals(rules, day - timedelta(days=1), day + timedelta(days=1))
    )


def reference_next_opening(rules: CalendarRules, at: datetime) -> datetime:
    instant = at.astimezone(UTC)
    day = _local_day(rules, at) - timedelta(days=1)
    for begin, end in reference_intervals(rules, day, date(LAST_YEAR, 12, 31)):
        if instant < end:
            return max(begin, instant).astimezone(rules.time_zone)
    raise AssertionError("the reference ran off the calendar")


def reference_between(rules: CalendarRules, a: datetime, b: datetime) -> timedelta:
    low, high = a.astimezone(UTC), b.astimezone(UTC)
    total = timedelta(0)
    first = _local_day(rules, a) - timedelta(days=1)
    last = _local_day(rules, b) + timedelta(days=1)
    for begin, end in reference_intervals(rules, first, last):
        overlap = min(end, high) - max(begin, low)
        if overlap > timedelta(0):
            total += overlap
    return total


def same_answer(got: datetime, expected: datetime, *, same_fold: bool = True) -> bool:
    """The same instant shown the same way: zone object, wall time, UTC offset, and fold
    (which only an instant in a repeated hour needs, but the engine sets like zoneinfo)."""
    return (
        got.astimezone(UTC) == expected.astimezone(UTC)
        and got.tzinfo is expected.tzinfo
        and got.replace(tzinfo=None) == expected.replace(tzinfo=None)
        and got.utcoffset() == expected.utcoffset()
        and (got.fold == expected.fold or not same_fold)
    )


# --- the queries -----------------------------------------------------------------------------


def offset_changes(zone: ZoneInfo, first: datetime, last: datetime) -> list[datetime]:
    """Each UTC day on which `zone` changes its offset, found by daily sampling."""
    changes = []
    day = first
    while day < last:
        following = day + timedelta(days=1)
        if day.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            changes.append(day)
        day = following
    return changes


def random_start(rng: random.Random, table: OpeningTable, changes: list[datetime]) -> datetime:
    low = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC) + MARGIN
    high = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC) - MARGIN
    roll = rng.random()
    if roll < 0.4:  # within three days of a DST change
        instant = rng.choice(changes) + timedelta(seconds=rng.randrange(-3 * 86_400, 4 * 86_400))
    else:
        instant = low + timedelta(seconds=rng.randrange(int((high - low).total_seconds())))
    if rng.random() < 0.3:
        instant = instant.replace(microsecond=rng.randrange(1_000_000))
    zone = table.time_zone
    kind = rng.random()
    if kind < 0.45:  # the office's zone, as an instant (the fold zoneinfo gives it)
        return instant.astimezone(zone)
    if kind < 0.6:  # the office's zone, as typed wall-clock time: may not exist, or repeat
        wall = instant.astimezone(zone).replace(tzinfo=None)
        if rng.random() < 0.5:  # land on a DST change's hour more often
            wall = wall.replace(hour=rng.choice((1, 2, 3)))
        return wall.replace(tzinfo=zone, fold=rng.randrange(2))
    if kind < 0.8:
        return instant  # UTC
    return instant.astimezone(rng.choice(OTHER_ZONES))


def random_duration(rng: random.Random) -> timedelta:
    roll = rng.random()
    if roll < 0.05:
        return timedelta(0)
    if roll < 0.45:
        return timedelta(hours=rng.choice((1, 2, 4, 8, 12, 48)))
    if roll < 0.75:
        return timedelta(seconds=rng.randrange(1, 60 * 3600))
    return timedelta(microseconds=rng.randrange(1, 60 * 3600 * 10**6))


def queries(table: OpeningTable, salt: int) -> list[tuple[datetime, timedelta]]:
    rng = random.Random(SEED + salt)
    changes = offset_changes(
        table.time_zone,
        datetime(FIRST_YEAR, 1, 1, tzinfo=UTC) + MARGIN,
        datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC) - MARGIN,
    )
    assert len(changes) >= 6  # both European and US zones change twice a year
    return [(random_start(rng, table, changes), random_duration(rng)) for _ in range(QUERIES)]


CALENDARS = ["SE", "FI", "NIGHT", "LONG"]


@pytest.mark.parametrize("office", CALENDARS)
def test_add_open_time_matches_the_reference(calendars, office):
    table = calendars[office]
    wrong = []
    for start, duration in queries(table, salt=CALENDARS.index(office)):
        got = add_open_time(table, start, duration)
        expected = reference_add(table.rules, start, duration)
        if not same_answer(got, expected):
            wrong.append((start, duration, got, expected))
    assert not wrong, f"{len(wrong)} of {QUERIES} differ, e.g. {wrong[:3]}"


@pytest.mark.parametrize("office", CALENDARS)
def test_is_open_next_opening_and_open_time_between_match_the_reference(calendars, office):
    table = calendars[office]
    rng = random.Random(SEED)
    wrong = []
    starts = [start for start, _ in queries(table, salt=10 + CALENDARS.index(office))][:1_000]
    for start in starts:
        end = start + timedelta(seconds=rng.randrange(0, 5 * 86_400))
        got = (is_open(table, start), next_opening(table, start),
               open_time_between(table, start, end))
        expected = (
            reference_is_open(table.rules, start),
            reference_next_opening(table.rules, start),
            reference_between(table.rules, start, end),
        )
        # When open, next_opening hands back `start` in the office zone as it came: a
        # meaningless fold=1 on an hour that does not repeat stays.
        if (
            got[0] != expected[0]
            or not same_answer(got[1], expected[1], same_fold=False)
            or got[2] != expected[2]
        ):
            wrong.append((start, end, got, expected))
    assert not wrong, f"{len(wrong)} of {len(starts)} differ, e.g. {wrong[:3]}"


def test_the_queries_reach_the_dst_changes_and_the_holidays(calendars):
    """Guards the test itself: the random queries do land where a shortcut could go wrong."""
    table = calendars["NIGHT"]
    starts = [start for start, _ in queries(table, salt=CALENDARS.index("NIGHT"))]
    local = [start.astimezone(STOCKHOLM) for start in starts]
    assert any(at.date() == date(2026, 3, 29) for at in local)
    assert any(at.date() == date(2026, 10, 25) and at.fold for at in local)
    assert any(start.tzinfo is STOCKHOLM and start.fold for start in starts)
    se = calendars["SE"]
    se_starts = [start.astimezone(se.time_zone) for start, _ in queries(se, salt=0)]
    assert any(at.date() in se.rules.closed_days and at.weekday() < 5 for at in se_starts)
