"""Support calendars and opening-hours arithmetic (rule book §1-§2).

Pure code: no Django, no clock. A `CalendarRules` describes one office; an `OpeningTable`
expands it once into every opening interval of a window of years, as UTC epoch seconds with
cumulative open time, so that each query is one or two bisects. Aware datetimes go in; aware
datetimes in the office's time zone come out.

The time zone is the expensive part of a query (a zone lookup costs more than both bisects),
so the table also keeps, away from DST changes, each stretch's fixed UTC offset and the
local datetime of each interval start. An instant in the office's zone (or UTC) then becomes
epoch seconds by plain subtraction, and an answer is an interval start plus a cached
timedelta. Near a DST change everything goes through zoneinfo, as before.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

__all__ = [
    "CalendarError",
    "CalendarRules",
    "ConsumedInterval",
    "DayHours",
    "DurationUnits",
    "ENGLISH_UNITS",
    "Interval",
    "OpeningTable",
    "OutsideCalendarWindow",
    "add_open_time",
    "check_day_hours",
    "close_of_day",
    "current_interval",
    "day_intervals",
    "explain",
    "format_duration",
    "format_explanation",
    "is_eve",
    "is_open",
    "last_open_day_on_or_before",
    "next_opening",
    "open_time_between",
    "to_local",
]

Interval = tuple[time, time]
DayHours = tuple[Interval, ...]

NAIVE_DATETIME = "SLA arithmetic needs an aware datetime, got a naive one: {value!r}"
NEGATIVE_DURATION = "Open time to add must not be negative, got {value!r}"
OUTSIDE_WINDOW = (
    "{office} calendar covers {first_year}-{last_year}; {what} falls outside it. "
    "Extend the calendar window (sla.services.calendar_window_extend)."
)
BAD_WEEKLY = "Weekly hours need exactly 7 days (Monday first), got {count}"
BAD_INTERVALS = "Intervals of a day must open before they close and not overlap: {hours!r}"

_US_PER_S = 1_000_000
_DAY_S = 86_400
_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class CalendarError(Exception):
    """Base of the errors this module raises on purpose."""


class OutsideCalendarWindow(CalendarError):
    """The query needs days the opening table was not built for."""


def check_day_hours(hours: DayHours) -> DayHours:
    """`hours` as a tuple; ValueError unless each interval opens before it closes and
    intervals are in order without overlap."""
    hours = tuple((opens, closes) for opens, closes in hours)
    previous_close: time | None = None
    for opens, closes in hours:
        if not opens < closes or (previous_close is not None and opens < previous_close):
            raise ValueError(BAD_INTERVALS.format(hours=hours))
        previous_close = closes
    return hours


@dataclass(frozen=True, eq=False)
class CalendarRules:
    """Everything that decides when one office is open.

    `weekly[0]` is Monday. `eve_closes_at` truncates the normal hours of an eve (None: no eve
    rule). `closed_days` are the generated holidays plus staff additions; `day_overrides` give
    a day's exact hours (an empty tuple closes it) and win over everything else.
    """

    office: str
    time_zone: ZoneInfo
    weekly: tuple[DayHours, ...]
    eve_closes_at: time | None = None
    closed_days: Mapping[date, str] = field(default_factory=dict)
    day_overrides: Mapping[date, DayHours] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise ValueError(BAD_WEEKLY.format(count=len(self.weekly)))
        # Frozen means frozen: a table built from these rules must not drift if a caller
        # later mutates the dicts it passed in.
        object.__setattr__(self, "weekly", tuple(check_day_hours(day) for day in self.weekly))
        object.__setattr__(self, "closed_days", MappingProxyType(dict(self.closed_days)))
        object.__setattr__(
            self,
            "day_overrides",
            MappingProxyType({day: check_day_hours(h) for day, h in self.day_overrides.items()}),
        )

    def _scheduled_hours(self, day: date) -> DayHours:
        """Hours before the eve rule: override, else closed day, else the weekly pattern."""
        override = self.day_overrides.get(day)
        if override is not None:
            return override
        if day in self.closed_days:
            return ()
        return self.weekly[day.weekday()]

    def _is_special_closure(self, day: date) -> bool:
        """Closed for a reason other than being an ordinary closed weekday (Sat, Sun)."""
        return not self._scheduled_hours(day) and (
            day in self.closed_days or day in self.day_overrides
        )

    def is_eve(self, day: date) -> bool:
        """An otherwise open day before a special closure; a day with an override is never
        an eve, since staff set its hours exactly."""
        return (
            self.eve_closes_at is not None
            and day not in self.day_overrides
            and bool(self._scheduled_hours(day))
            and self._is_special_closure(day + timedelta(days=1))
        )

    def eve_hours(self, hours: DayHours) -> DayHours:
        """`hours` as an eve keeps them: cut at the eve closing time."""
        eve_close = self.eve_closes_at
        if eve_close is None:
            return hours
        # Truncating (not replacing) keeps an eve from ever opening longer than the day.
        return tuple(
            (opens, min(closes, eve_close)) for opens, closes in hours if opens < eve_close
        )

    def hours_on(self, day: date) -> DayHours:
        """The opening intervals of `day` in local wall-clock time."""
        hours = self._scheduled_hours(day)
        return self.eve_hours(hours) if self.is_eve(day) else hours


def _local_epoch(day: date, at: time, tz: ZoneInfo) -> int:
    return int(datetime.combine(day, at, tzinfo=tz).timestamp())


def _days(first: date, last: date) -> Iterator[date]:
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        yield date.fromordinal(ordinal)


def _wall_seconds(day: date, at: time) -> int:
    """Wall-clock seconds of a local date and time since the local 1970-01-01 00:00, the
    scale that `aware - datetime(1970, 1, 1, tzinfo=same zone)` measures."""
    return (day.toordinal() - _EPOCH_ORDINAL) * _DAY_S + at.hour * 3600 + at.minute * 60 + at.second


def _offset_seconds(epoch: int, tz: ZoneInfo) -> int:
    offset = datetime.fromtimestamp(epoch, tz).utcoffset()
    assert offset is not None
    return offset.days * _DAY_S + offset.seconds


def _offset_changes(first: int, last: int, tz: ZoneInfo) -> list[tuple[int, int, int]]:
    """(instant, offset before, offset after) of each UTC-offset change in [first, last].

    zoneinfo does not publish a zone's transitions, so this samples once a day and bisects
    to the second where the offset differs: exact as long as a zone never changes its offset
    twice within a day (in tzdata 2025b the closest two changes of any zone are four days
    apart, Africa/Freetown in 1939).
    """
    changes = []
    before = _offset_seconds(first, tz)
    for sample in range(first + _DAY_S, last + _DAY_S, _DAY_S):
        after = _offset_seconds(sample, tz)
        if after != before:
            low, high = sample - _DAY_S, sample  # offset `before` at low, `after` at high
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_seconds(middle, tz) == before:
                    low = middle
                else:
                    high = middle
            changes.append((high, before, after))
            before = after
    return changes


_steps_lock = threading.Lock()
_steps: tuple[timedelta, ...] = ()


def _second_steps(count: int) -> tuple[timedelta, ...]:
    """timedelta(seconds=n) for n in range(count) at least, shared by all tables: building a
    timedelta costs several times an addition, and answers are interval start + whole seconds."""
    global _steps
    with _steps_lock:
        if len(_steps) < count:
            _steps = tuple(timedelta(seconds=n) for n in range(count))
        return _steps


class OpeningTable:
    """All opening intervals of `rules` from 1 Jan `first_year` to 31 Dec `last_year`.

    Interval k is [starts[k], ends[k]) in UTC epoch seconds; cum[k] is the open time before
    it, cum[k + 1] the open time up to its end. Immutable once built; share it freely.
    """

    __slots__ = (
        "rules",
        "time_zone",
        "first_year",
        "last_year",
        "window_start",
        "window_end",
        "starts",
        "ends",
        "cum",
        "cum_end",
        "_day_slices",
        "_open_ordinals",
        "_eves",
        "_local_starts",
        "_wall_epoch",
        "_wall_ends",
        "_offsets",
        "_plain_starts",
        "_query",
    )

    def __init__(self, rules: CalendarRules, *, first_year: int, last_year: int) -> None:
        if last_year < first_year:
            raise ValueError(f"last_year {last_year} is before first_year {first_year}")
        tz = rules.time_zone
        self.rules = rules
        self.time_zone = tz
        self.first_year = first_year
        self.last_year = last_year
        self.window_start = _local_epoch(date(first_year, 1, 1), time(0), tz)
        self.window_end = _local_epoch(date(last_year + 1, 1, 1), time(0), tz)
        starts: list[int] = []
        ends: list[int] = []
        cum = [0]
        day_slices: dict[date, tuple[int, int]] = {}
        eves: set[date] = set()
        wall_ends_by_interval: list[int] = []
        for day in _days(date(first_year, 1, 1), date(last_year, 12, 31)):
            first_index = len(starts)
            for opens, closes in rules.hours_on(day):
                start, end = _local_epoch(day, opens, tz), _local_epoch(day, closes, tz)
                if end <= start:  # an interval swallowed by a DST gap
                    continue
                starts.append(start)
                ends.append(end)
                cum.append(cum[-1] + end - start)
                wall_ends_by_interval.append(_wall_seconds(day, closes))
            if len(starts) > first_index:
                day_slices[day] = (first_index, len(starts))
            if rules.is_eve(day):
                eves.add(day)
        self.starts = starts
        self.ends = ends
        self.cum = cum
        self.cum_end = cum[1:]
        self._day_slices = day_slices
        self._open_ordinals = [day.toordinal() for day in day_slices]
        self._eves = frozenset(eves)
        self._local_starts = [datetime.fromtimestamp(start, tz) for start in starts]
        self._wall_epoch = datetime(1970, 1, 1, tzinfo=tz)
        self._wall_ends = wall_ends_by_interval
        self._offsets, self._plain_starts = self._fixed_offsets(wall_ends_by_interval)
        longest = max((end - start for start, end in zip(starts, ends, strict=True)), default=0)
        # add_open_time unpacks this in one go: cheaper than a slot lookup per attribute.
        self._query = (
            tz,
            self._wall_epoch,
            self._wall_ends,
            self._offsets,
            starts,
            cum,
            self.cum_end,
            ends,
            self._plain_starts,
            _second_steps(longest + 1),
        )

    def _fixed_offsets(self, wall_ends: list[int]) -> tuple[list[int | None], list[datetime | None]]:
        """(offsets, plain_starts): where the shortcuts around zoneinfo are exact.

        Stretch i runs from the end of interval i - 1 to the end of interval i (wall clock,
        wall_ends[i - 1] <= wall < wall_ends[i]); offsets[i] is its UTC offset when no offset
        change comes near it, so that there every wall time exists once and epoch = wall -
        offset; None sends the query to zoneinfo. Stretch 0 (which can reach before the
        window) and the one past the last interval are always None.
        plain_starts[k] is the local start of interval k when the whole interval keeps one
        offset and no wall time in it repeats, so that local start + elapsed seconds is
        exactly fromtimestamp's answer (fold 0 included); None: ask fromtimestamp.
        """
        tz, starts, ends = self.time_zone, self.starts, self.ends
        first, last = self.window_start - 2 * _DAY_S, self.window_end + 2 * _DAY_S
        changes = _offset_changes(first, last, tz)
        change_instants = [instant for instant, _, _ in changes]
        offsets_from = [_offset_seconds(first, tz)] + [after for _, _, after in changes]

        def offset_at(instant: int) -> int:
            return offsets_from[bisect_right(change_instants, instant)]

        # Wall times within these closed spans are skipped or repeated, or border on that.
        unsafe_walls = sorted(
            (instant + min(before, after), instant + max(before, after))
            for instant, before, after in changes
        )
        unsafe_lows = [low for low, _ in unsafe_walls]
        highest_so_far = []
        for _, high in unsafe_walls:
            highest_so_far.append(max(high, highest_so_far[-1]) if highest_so_far else high)

        def clear_walls(low: int, high: int) -> bool:
            k = bisect_right(unsafe_lows, high)  # the spans starting at or before `high`
            return k == 0 or highest_so_far[k - 1] < low

        def clear_instants(low: int, high: int) -> bool:
            return bisect_left(change_instants, low) == bisect_right(change_instants, high)

        count = len(starts)
        offsets: list[int | None] = [None] * (count + 1)
        plain_starts: list[datetime | None] = [None] * count
        for i in range(1, count):
            offset = wall_ends[i] - ends[i]
            if (
                wall_ends[i - 1] - ends[i - 1] == offset
                and offset_at(ends[i]) == offset
                and clear_instants(ends[i - 1], ends[i])
                and clear_walls(wall_ends[i - 1], wall_ends[i])
            ):
                offsets[i] = offset
        for k in range(count):
            local = self._local_starts[k]
            offset = wall_ends[k] - ends[k]
            if (
                local.fold == 0
                and offset_at(starts[k]) == offset == offset_at(ends[k])
                and clear_instants(starts[k], ends[k])
                and clear_walls(starts[k] + offset, wall_ends[k])
            ):
                plain_starts[k] = local
        return offsets, plain_starts

    @property
    def office(self) -> str:
        return self.rules.office

    def __repr__(self) -> str:
        return (
            f"<OpeningTable {self.office} {self.first_year}-{self.last_year}: "
            f"{len(self.starts)} intervals>"
        )

    def _outside(self, what: object) -> OutsideCalendarWindow:
        return OutsideCalendarWindow(
            OUTSIDE_WINDOW.format(
                office=self.office,
                first_year=self.first_year,
                last_year=self.last_year,
                what=what,
            )
        )

    def _locate(self, at: datetime) -> tuple[int, int, int]:
        """(whole epoch seconds, microseconds, bisect_right(ends, seconds)) of `at`, exact;
        inside the window only."""
        tzinfo = at.tzinfo
        if tzinfo is self.time_zone:
            # Same tzinfo on both sides: Python subtracts wall clocks, no zone lookup.
            delta = at - self._wall_epoch
            wall = delta.days * _DAY_S + delta.seconds
            i = bisect_right(self._wall_ends, wall)
            offset = self._offsets[i]
            if offset is not None:
                return wall - offset, delta.microseconds, i
        elif tzinfo is UTC:
            delta = at - _UTC_EPOCH
            seconds = delta.days * _DAY_S + delta.seconds
            if not self.window_start <= seconds < self.window_end:
                raise self._outside(at.isoformat())
            return seconds, delta.microseconds, bisect_right(self.ends, seconds)
        seconds, microseconds = self._epoch(at)
        return seconds, microseconds, bisect_right(self.ends, seconds)

    def _epoch(self, at: datetime) -> tuple[int, int]:
        """(whole epoch seconds, microseconds) of `at`, exact; inside the window only."""
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(NAIVE_DATETIME.format(value=at))
        # timestamp() is correctly rounded, so int() of it is exact even with microseconds
        # (a double resolves 0.25 µs at today's epoch); the microseconds come from `at`.
        seconds = int(at.timestamp())
        if not self.window_start <= seconds < self.window_end:
            raise self._outside(at.isoformat())
        return seconds, at.microsecond

    def _local(self, seconds: int, microseconds: int = 0) -> datetime:
        result = datetime.fromtimestamp(seconds, self.time_zone)
        return result.replace(microsecond=microseconds) if microseconds else result

    def _check_day(self, day: date) -> None:
        if not self.first_year <= day.year <= self.last_year:
            raise self._outside(day.isoformat())

    def _open_us_before(self, seconds: int, microseconds: int, i: int) -> int:
        """Open time in µs from the window start up to the instant (`i` from `_locate`)."""
        if i < len(self.starts) and self.starts[i] <= seconds:
            return (self.cum[i] + seconds - self.starts[i]) * _US_PER_S + microseconds
        return self.cum[i] * _US_PER_S


def to_local(table: OpeningTable, at: datetime) -> datetime:
    """`at` in the office's time zone; refuses naive datetimes and instants off the window."""
    table._epoch(at)
    return at.astimezone(table.time_zone)


def is_open(table: OpeningTable, at: datetime) -> bool:
    """Whether `at` lies inside an opening interval (start included, end excluded)."""
    seconds, _, i = table._locate(at)
    return i < len(table.starts) and table.starts[i] <= seconds


def current_interval(table: OpeningTable, at: datetime) -> tuple[datetime, datetime] | None:
    """The opening interval containing `at`, in local time, or None when closed."""
    seconds, _, i = table._locate(at)
    if i < len(table.starts) and table.starts[i] <= seconds:
        return table._local_starts[i], table._local(table.ends[i])
    return None


def next_opening(table: OpeningTable, at: datetime) -> datetime:
    """The earliest open instant at or after `at`: `at` itself when open, else the start of
    the next opening interval."""
    seconds, _, i = table._locate(at)
    if i == len(table.starts):
        raise table._outside(f"the opening after {at.isoformat()}")
    if table.starts[i] <= seconds:
        return at.astimezone(table.time_zone)
    return table._local_starts[i]


def add_open_time(table: OpeningTable, start: datetime, duration: timedelta) -> datetime:
    """The instant at which `duration` of open time has elapsed since `start` (rule book §2).

    Counting begins at the next opening when `start` is closed. A duration used up exactly
    at an interval's end gives that end; a zero duration gives `next_opening(start)`.
    """
    # The hot path of every deadline: the office-zone case of OpeningTable._locate and the
    # shortcut of _local written out on locals, since a method call or an attribute lookup
    # costs about as much as a bisect step.
    tz, wall_epoch, wall_ends, offsets, starts, cum, cum_end, ends, plain_starts, steps = (
        table._query
    )
    if start.tzinfo is tz:
        delta = start - wall_epoch
        wall = delta.days * _DAY_S + delta.seconds
        i = bisect_right(wall_ends, wall)
        offset = offsets[i]
        if offset is None:
            seconds, microseconds, i = table._locate(start)
        else:
            seconds, microseconds = wall - offset, delta.microseconds
    else:
        seconds, microseconds, i = table._locate(start)
    add_seconds = duration.days * _DAY_S + duration.seconds
    if add_seconds < 0:
        raise ValueError(NEGATIVE_DURATION.format(value=duration))
    if i == len(starts):
        raise table._outside(f"{duration} of open time from {start.isoformat()}")
    interval_start = starts[i]
    if interval_start > seconds:
        # Closed: the count starts at the next opening, a whole second.
        seconds, microseconds = interval_start, 0
    add_microseconds = duration.microseconds
    if not add_seconds and not add_microseconds:
        return table._local(seconds, microseconds)
    target = cum[i] + seconds - interval_start + add_seconds
    if add_microseconds:
        microseconds += add_microseconds
        if microseconds >= _US_PER_S:
            target += 1
            microseconds -= _US_PER_S
    # A whole-second target may end exactly on an interval end (the answer is that end);
    # with a fraction left over it lies strictly beyond it.
    j = bisect_right(cum_end, target) if microseconds else bisect_left(cum_end, target)
    if j == len(cum_end):
        raise table._outside(f"{duration} of open time from {start.isoformat()}")
    local_start = plain_starts[j]
    if local_start is None:
        return table._local(ends[j] - cum_end[j] + target, microseconds)
    answer = local_start + steps[target - cum[j]]
    return answer.replace(microsecond=microseconds) if microseconds else answer


def open_time_between(table: OpeningTable, a: datetime, b: datetime) -> timedelta:
    """Open time elapsed from `a` to `b`; zero when `b` is not after `a`."""
    a_at, b_at = table._locate(a), table._locate(b)
    if b_at <= a_at:
        return timedelta(0)
    return timedelta(microseconds=table._open_us_before(*b_at) - table._open_us_before(*a_at))


def day_intervals(table: OpeningTable, day: date) -> tuple[tuple[datetime, datetime], ...]:
    """The opening intervals of a local date as aware local datetimes; empty when closed."""
    table._check_day(day)
    first, stop = table._day_slices.get(day, (0, 0))
    return tuple(
        (table._local_starts[k], table._local(table.ends[k])) for k in range(first, stop)
    )


def close_of_day(table: OpeningTable, day: date) -> datetime | None:
    """The end of the last interval of `day` (a Swedish eve closes at 12:00), or None."""
    table._check_day(day)
    bounds = table._day_slices.get(day)
    return table._local(table.ends[bounds[1] - 1]) if bounds else None


def last_open_day_on_or_before(table: OpeningTable, day: date) -> date:
    """The latest date on or before `day` that has opening hours."""
    table._check_day(day)
    i = bisect_right(table._open_ordinals, day.toordinal())
    if i == 0:
        raise table._outside(f"the last open day on or before {day.isoformat()}")
    return date.fromordinal(table._open_ordinals[i - 1])


def is_eve(table: OpeningTable, day: date) -> bool:
    """Whether `day` keeps eve hours ("dag före röd dag", "pyhäpäivien aatto")."""
    table._check_day(day)
    return day in table._eves


@dataclass(frozen=True)
class ConsumedInterval:
    """A piece of an opening interval, in office-local time."""

    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


def explain(table: OpeningTable, start: datetime, end: datetime) -> list[ConsumedInterval]:
    """The opening intervals (clipped to [start, end)) that the span from `start` to `end`
    consumed; their durations add up to `open_time_between(start, end)`."""
    local_start, local_end = to_local(table, start), to_local(table, end)
    start_seconds, end_seconds = table._epoch(start)[0], table._epoch(end)[0]
    first = bisect_right(table.ends, start_seconds)
    stop = bisect_right(table.starts, end_seconds)
    pieces: list[ConsumedInterval] = []
    for k in range(first, stop):
        piece = ConsumedInterval(
            max(local_start, table._local(table.starts[k])),
            min(local_end, table._local(table.ends[k])),
        )
        if piece.end > piece.start:
            pieces.append(piece)
    return pieces


@dataclass(frozen=True)
class DurationUnits:
    """Unit words for `format_duration`; the caller passes translated ones."""

    hour: str = "h"
    minute: str = "min"
    second: str = "s"


ENGLISH_UNITS = DurationUnits()


def format_duration(duration: timedelta, units: DurationUnits = ENGLISH_UNITS) -> str:
    """'1 h 30 min', '45 min', '4 h': whole seconds, zero parts left out."""
    total = int(duration.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{value} {unit}"
        for value, unit in ((hours, units.hour), (minutes, units.minute), (seconds, units.second))
        if value
    ]
    return " ".join(parts) or f"0 {units.minute}"


def _clock(at: datetime) -> str:
    return at.strftime("%H:%M:%S" if at.second else "%H:%M")


def format_explanation(
    intervals: list[ConsumedInterval],
    *,
    day_label: Callable[[date], str],
    units: DurationUnits = ENGLISH_UNITS,
    separator: str = ", ",
) -> str:
    """'Tue 08:00–12:00 (4 h), Tue 13:00–14:30 (1 h 30 min)'.

    `day_label` names a date in the reader's language (e.g. a translated weekday).
    """
    return separator.join(
        f"{day_label(piece.start.date())} {_clock(piece.start)}–{_clock(piece.end)} "
        f"({format_duration(piece.duration, units)})"
        for piece in intervals
    )
