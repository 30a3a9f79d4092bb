"""Benchmark of the SLA engine (`make bench-sla`); no database needed.

1. 100,000 random `add_open_time` queries (2 h / 4 h / 12 h / 48 h from whole-second
   instants in the office's time zone over 2026-2027, both offices) on the seeded calendars,
   against a plain reference written here: per office, the sorted interval starts and the
   cumulative open seconds built straight from the same `CalendarRules`, `bisect` on the
   cumulative array, `timestamp()` in and `datetime.fromtimestamp()` out. Every answer must
   be equal (same instant, wall time, UTC offset and fold). The machine is shared and
   absolute speed moves 2-3x between runs, so the two are timed alternately, ROUNDS rounds
   of one batch each in the same process; only the in-run ratio is the figure
   (engine_vs_reference, engine throughput / reference throughput, best batch of each).
2. `businesstimedelta` on a 2,000-query SE subset, on a calendar both can express (SE hours
   and closed days without the eve rule), with the answers compared to this engine's on the
   same calendar.
3. A full recompute of the start deadlines of 100,000 open cases, in memory.

Everything runs on one pinned core. The last line printed is one JSON object:
engine_per_s, reference_per_s, engine_vs_reference, engine_vs_reference_median,
reference_agreement_pct, businesstimedelta_per_s, engine_vs_businesstimedelta,
businesstimedelta_agreement_pct, recompute_100k_s, table_build_s.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time as clock
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import businesstimedelta  # noqa: E402
import pytz  # noqa: E402

from sla.calendar import CalendarRules, OpeningTable, add_open_time  # noqa: E402
from sla.holiday_source import (  # noqa: E402
    DEFAULT_FIRST_YEAR,
    DEFAULT_LAST_YEAR,
    OFFICES,
    default_rules,
    default_table,
)
from sla.rules import start_deadline  # noqa: E402

SEED = 20260210
QUERIES = 100_000
BTD_QUERIES = 2_000
OPEN_CASES = 100_000
REPEATS = 3
ROUNDS = 7  # alternating engine / reference batches
DURATIONS = [timedelta(hours=h) for h in (2, 4, 12, 48)]
SPAN_START = date(2026, 1, 1)
SPAN_DAYS = 2 * 365

Query = tuple[str, datetime, timedelta]


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def best_of(repeats: int, run: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeats):
        started = clock.perf_counter()
        run()
        timings.append(clock.perf_counter() - started)
    return min(timings)


class ReferenceTable:
    """The textbook structure: interval starts and cumulative open seconds, one bisect each.

    Built from the rules directly (not from the engine's table), for positive whole-second
    durations from whole-second instants, which is all the benchmark asks.
    """

    def __init__(self, rules: CalendarRules, *, first_year: int, last_year: int) -> None:
        self.time_zone: ZoneInfo = rules.time_zone
        self.starts: list[int] = []
        self.cum: list[int] = [0]  # cum[k]: open seconds before interval k
        day, last = date(first_year, 1, 1), date(last_year, 12, 31)
        while day <= last:
            for opens, closes in rules.hours_on(day):
                start = int(datetime.combine(day, opens, self.time_zone).timestamp())
                end = int(datetime.combine(day, closes, self.time_zone).timestamp())
                if end > start:
                    self.starts.append(start)
                    self.cum.append(self.cum[-1] + end - start)
            day += timedelta(days=1)

    def add_open_time(self, start: datetime, duration: timedelta) -> datetime:
        at = int(start.timestamp())
        starts, cum = self.starts, self.cum
        k = bisect_right(starts, at) - 1
        before = cum[k] + min(at - starts[k], cum[k + 1] - cum[k]) if k >= 0 else 0
        target = before + int(duration.total_seconds())
        j = bisect_left(cum, target) - 1  # the interval in which the target is reached
        return datetime.fromtimestamp(starts[j] + target - cum[j], self.time_zone)


def same_answer(a: datetime, b: datetime) -> bool:
    """Equal as instants and as what a reader sees: wall time, UTC offset, fold, zone."""
    return (a == b and a.tzinfo is b.tzinfo and a.fold == b.fold
            and a.replace(tzinfo=None) == b.replace(tzinfo=None)
            and a.utcoffset() == b.utcoffset())


def alternate(rounds: int, first: Callable[[], object], second: Callable[[], object]
              ) -> tuple[list[float], list[float]]:
    """Timings of `first` and `second`, run alternately (which goes first flips every round,
    so neither always runs on a warmer or a quieter machine)."""
    first_s: list[float] = []
    second_s: list[float] = []
    for round_ in range(rounds):
        order = ((first, first_s), (second, second_s))
        for run, timings in order if round_ % 2 == 0 else order[::-1]:
            started = clock.perf_counter()
            run()
            timings.append(clock.perf_counter() - started)
    return first_s, second_s


def random_instant(rng: random.Random, tables: dict[str, OpeningTable], office: str) -> datetime:
    tz = tables[office].time_zone
    day = SPAN_START + timedelta(days=rng.randrange(SPAN_DAYS))
    return datetime.combine(day, time(0), tz) + timedelta(seconds=rng.randrange(86_400))


def make_queries(rng: random.Random, tables: dict[str, OpeningTable]) -> list[Query]:
    queries = []
    for _ in range(QUERIES):
        office = rng.choice(("SE", "FI"))
        queries.append((office, random_instant(rng, tables, office), rng.choice(DURATIONS)))
    return queries


def businesstimedelta_rules() -> businesstimedelta.Rules:
    """SE opening hours and closed days, without eves, as businesstimedelta rules."""
    defaults = OFFICES["SE"]
    tz = pytz.timezone(defaults.time_zone)
    (morning, afternoon) = defaults.weekly[0]
    closed = frozenset(
        default_rules("SE", years=range(DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR + 1)).closed_days
    )
    return businesstimedelta.Rules(
        [
            businesstimedelta.WorkDayRule(
                start_time=morning[0], end_time=afternoon[1], working_days=range(5), tz=tz
            ),
            businesstimedelta.LunchTimeRule(
                start_time=morning[1], end_time=afternoon[0], working_days=range(5), tz=tz
            ),
            businesstimedelta.HolidayRule(closed, tz=tz),
        ]
    )


def main() -> None:
    pinning = pin_to_one_core()
    rng = random.Random(SEED)

    started = clock.perf_counter()
    tables = {office: default_table(office) for office in ("SE", "FI")}
    build_s = clock.perf_counter() - started

    references = {
        office: ReferenceTable(table.rules, first_year=table.first_year, last_year=table.last_year)
        for office, table in tables.items()
    }
    queries = make_queries(rng, tables)
    # The same query list, with each side's own table looked up the same way.
    engine_queries = [(tables[office], start, duration) for office, start, duration in queries]
    reference_queries = [
        (references[office], start, duration) for office, start, duration in queries
    ]

    engine_answers = [add_open_time(table, start, duration)
                      for table, start, duration in engine_queries]
    reference_answers = [reference.add_open_time(start, duration)
                         for reference, start, duration in reference_queries]
    reference_agreeing = sum(
        same_answer(a, b) for a, b in zip(engine_answers, reference_answers, strict=True)
    )
    reference_agreement_pct = 100.0 * reference_agreeing / QUERIES

    def engine_run() -> None:
        for table, start, duration in engine_queries:
            add_open_time(table, start, duration)

    def reference_run() -> None:
        for reference, start, duration in reference_queries:
            reference.add_open_time(start, duration)

    engine_timings, reference_timings = alternate(ROUNDS, engine_run, reference_run)
    engine_s, reference_s = min(engine_timings), min(reference_timings)
    engine_per_s, reference_per_s = QUERIES / engine_s, QUERIES / reference_s
    engine_vs_reference = engine_per_s / reference_per_s
    engine_vs_reference_median = statistics.median(
        r / e for e, r in zip(engine_timings, reference_timings, strict=True)
    )

    # The common calendar: SE without the eve rule, for both libraries.
    plain_se = OpeningTable(
        default_rules(
            "SE", years=range(DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR + 2), with_eves=False
        ),
        first_year=DEFAULT_FIRST_YEAR,
        last_year=DEFAULT_LAST_YEAR,
    )
    subset = [(start, duration) for office, start, duration in queries if office == "SE"]
    subset = subset[:BTD_QUERIES]
    btd_rules = businesstimedelta_rules()
    btd_deltas = {d: businesstimedelta.BusinessTimeDelta(btd_rules, timedelta=d) for d in DURATIONS}
    btd_answers: list[datetime] = []

    def btd_run() -> None:
        btd_answers.clear()
        btd_answers.extend(start + btd_deltas[duration] for start, duration in subset)

    btd_s = best_of(1, btd_run)  # slow enough that one run is a steady measurement
    btd_per_s = len(subset) / btd_s
    ours = [add_open_time(plain_se, start, duration) for start, duration in subset]
    agreeing = sum(a == b for a, b in zip(ours, btd_answers, strict=True))
    agreement_pct = 100.0 * agreeing / len(subset)

    cases = []
    for _ in range(OPEN_CASES):
        office = rng.choice(("SE", "FI"))
        cases.append((office, random_instant(rng, tables, office), rng.randint(1, 5)))

    def recompute() -> None:
        [start_deadline(tables[office], registered, level) for office, registered, level in cases]

    recompute_s = best_of(REPEATS, recompute)

    rows = [
        ("setup", pinning, ""),
        (
            "opening tables built",
            f"{DEFAULT_FIRST_YEAR}-{DEFAULT_LAST_YEAR}, SE+FI",
            f"{build_s:.3f} s",
        ),
        (
            "engine add_open_time",
            f"{QUERIES:,} queries in {engine_s:.3f} s (best of {ROUNDS})",
            f"{engine_per_s:,.0f}/s",
        ),
        (
            "reference bisect/cumulative",
            f"{QUERIES:,} queries in {reference_s:.3f} s (best of {ROUNDS}, alternating)",
            f"{reference_per_s:,.0f}/s",
        ),
        (
            "engine vs reference",
            f"best batches (median of the {ROUNDS} round ratios: "
            f"{engine_vs_reference_median:.2f}x; target >= 0.9x)",
            f"{engine_vs_reference:.2f}x",
        ),
        (
            "reference agreement",
            f"{reference_agreeing:,} of {QUERIES:,} answers equal",
            f"{reference_agreement_pct:.1f} %",
        ),
        (
            "businesstimedelta",
            f"{len(subset):,} SE queries in {btd_s:.3f} s",
            f"{btd_per_s:,.0f}/s",
        ),
        ("engine vs businesstimedelta", "throughput ratio", f"{engine_per_s / btd_per_s:,.0f}x"),
        (
            "businesstimedelta agreement",
            f"{agreeing:,} of {len(subset):,} (SE without eves)",
            f"{agreement_pct:.1f} %",
        ),
        (
            "recompute",
            f"{OPEN_CASES:,} start deadlines (best of {REPEATS})",
            f"{recompute_s:.3f} s",
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print("SLA engine benchmark (one core)")
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(
        json.dumps(
            {
                "engine_per_s": round(engine_per_s),
                "reference_per_s": round(reference_per_s),
                "engine_vs_reference": round(engine_vs_reference, 3),
                "engine_vs_reference_median": round(engine_vs_reference_median, 3),
                "reference_agreement_pct": round(reference_agreement_pct, 2),
                "businesstimedelta_per_s": round(btd_per_s, 1),
                "engine_vs_businesstimedelta": round(engine_per_s / btd_per_s, 1),
                "businesstimedelta_agreement_pct": round(agreement_pct, 2),
                "recompute_100k_s": round(recompute_s, 3),
                "table_build_s": round(build_s, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
