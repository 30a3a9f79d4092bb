"""Invariants of the opening-hours arithmetic, checked on random instants and durations.

The reference below walks day by day over `CalendarRules.hours_on`, sharing nothing with the
bisect table but the rules themselves.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from sla.calendar import (
    CalendarRules,
    OpeningTable,
    add_open_time,
    current_interval,
    explain,
    is_open,
    open_time_between,
)

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True)

FIRST = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
LAST = int(datetime(2029, 12, 31, tzinfo=UTC).timestamp())
ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=3)), timezone(-timedelta(hours=5))]
)
offices = st.sampled_from(["SE", "FI"])


@st.composite
def instants(draw, first: int = FIRST, last: int = LAST) -> datetime:
    seconds = draw(st.integers(first, last))
    microseconds = draw(st.one_of(st.just(0), st.integers(0, 999_999)))
    zone = draw(ZONES)
    return datetime.fromtimestamp(seconds, zone).replace(microsecond=microseconds)


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@st.composite
def dst_weekend_instants(draw) -> datetime:
    """Instants within four days of a European DST change (01:00 UTC, last Sun Mar/Oct)."""
    year = draw(st.integers(2025, 2029))
    month = draw(st.sampled_from([3, 10]))
    change = datetime.combine(_last_sunday(year, month), time(0), UTC) + timedelta(hours=1)
    offset = draw(st.integers(-4 * 86_400, 4 * 86_400))
    return (change + timedelta(seconds=offset)).astimezone(draw(ZONES))


durations = st.one_of(
    st.sampled_from([timedelta(hours=h) for h in (2, 4, 8, 12, 48)]),
    st.integers(0, 120 * 3600).map(lambda s: timedelta(seconds=s)),
    st.integers(0, 120 * 3600 * 10**6).map(lambda us: timedelta(microseconds=us)),
)


def reference_add(rules: CalendarRules, start: datetime, duration: timedelta) -> datetime:
    cursor = start.astimezone(UTC)
    day = start.astimezone(rules.time_zone).date()
    remaining = duration
    while True:
        for opens, closes in rules.hours_on(day):
            begin = datetime.combine(day, opens, rules.time_zone).astimezone(UTC)
            end = datetime.combine(day, closes, rules.time_zone).astimezone(UTC)
            if end <= cursor:
                continue
            begin = max(begin, cursor)
            if not remaining:
                return begin
            if end - begin >= remaining:
                return begin + remaining
            remaining -= end - begin
            cursor = end
        day += timedelta(days=1)


@SETTINGS
@given(office=offices, start=instants(), duration=durations)
def test_add_open_time_matches_the_day_walking_reference(tables, office, start, duration):
    table: OpeningTable = tables[office]
    assert add_open_time(table, start, duration) == reference_add(table.rules, start, duration)


@SETTINGS
@given(office=offices, start=dst_weekend_instants(), duration=durations)
def test_dst_weekends_match_the_reference_and_keep_wall_clock_hours(
    tables, office, start, duration
):
    table: OpeningTable = tables[office]
    result = add_open_time(table, start, duration)
    assert result == reference_add(table.rules, start, duration)
    assert result.tzinfo is table.time_zone
    assert result.utcoffset() == table.time_zone.utcoffset(result.replace(tzinfo=None))
    assert time(8) <= result.time() <= time(16)
    assert open_time_between(table, start, result) == duration


@SETTINGS
@given(office=offices, start=instants(), duration=durations)
def test_open_time_between_undoes_add_open_time(tables, office, start, duration):
    table = tables[office]
    assert open_time_between(table, start, add_open_time(table, start, duration)) == duration


@SETTINGS
@given(office=offices, start=instants(), duration=durations)
def test_results_are_inside_or_at_the_end_of_an_interval(tables, office, start, duration):
    table = tables[office]
    result = add_open_time(table, start, duration)
    if not duration:
        assert is_open(table, result)
        return
    just_before = result - timedelta(microseconds=1)
    interval = current_interval(table, just_before)
    assert interval is not None
    assert interval[0] <= just_before and result <= interval[1]


@SETTINGS
@given(
    office=offices,
    a=instants(),
    b=instants(),
    d1=durations,
    d2=durations,
)
def test_add_open_time_is_monotonic(tables, office, a, b, d1, d2):
    table = tables[office]
    a, b = sorted([a, b])
    d1, d2 = sorted([d1, d2])
    assert add_open_time(table, a, d1) <= add_open_time(table, b, d1)
    assert add_open_time(table, a, d1) <= add_open_time(table, a, d2)


@SETTINGS
@given(office=offices, moments=st.lists(instants(), min_size=3, max_size=3))
def test_open_time_between_adds_up_and_never_exceeds_wall_time(tables, office, moments):
    table = tables[office]
    a, b, c = sorted(moments)
    assert open_time_between(table, a, b) + open_time_between(table, b, c) == (
        open_time_between(table, a, c)
    )
    assert open_time_between(table, a, c) <= c - a
    assert open_time_between(table, c, a) == timedelta(0)
    pieces = explain(table, a, c)
    assert sum((p.duration for p in pieces), timedelta()) == open_time_between(table, a, c)


@SETTINGS
@given(office=offices, a=instants(), b=instants())
def test_add_open_time_recovers_an_open_end(tables, office, a, b):
    table = tables[office]
    a, b = sorted([a, b])
    if is_open(table, b):
        assert add_open_time(table, a, open_time_between(table, a, b)) == b
