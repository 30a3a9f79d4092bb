"""Benchmark of the SLA engine (`make bench-sla`); no database needed.

1. 100,000 random `add_open_time` queries (2 h / 4 h / 12 h / 48 h from whole-second
   instants over 2026-2027, both offices) on the seeded calendars.
2. `businesstimedelta` on a 2,000-query SE subset, on a calendar both can express (SE hours
   and closed days without the eve rule), with the answers compared to this engine's on the
   same calendar.
3. A full recompute of the start deadlines of 100,000 open cases, in memory.

Timings are the best of a few repeats on one pinned core. The last line printed is one
JSON object: engine_per_s, businesstimedelta_per_s, ratio, agreement_pct, recompute_100k_s.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import businesstimedelta  # noqa: E402
import pytz  # noqa: E402

from sla.calendar import OpeningTable, add_open_time  # noqa: E402
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

    queries = make_queries(rng, tables)

    def engine_run() -> None:
        for office, start, duration in queries:
            add_open_time(tables[office], start, duration)

    engine_s = best_of(REPEATS, engine_run)
    engine_per_s = QUERIES / engine_s

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
            f"{QUERIES:,} queries in {engine_s:.3f} s",
            f"{engine_per_s:,.0f}/s",
        ),
        (
            "businesstimedelta",
            f"{len(subset):,} SE queries in {btd_s:.3f} s",
            f"{btd_per_s:,.0f}/s",
        ),
        ("ratio", "engine / businesstimedelta", f"{engine_per_s / btd_per_s:,.0f}x"),
        (
            "agreement",
            f"{agreeing:,} of {len(subset):,} (SE without eves)",
            f"{agreement_pct:.1f} %",
        ),
        ("recompute", f"{OPEN_CASES:,} start deadlines", f"{recompute_s:.3f} s"),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print(f"SLA engine benchmark (best of {REPEATS}, one core)")
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(
        json.dumps(
            {
                "engine_per_s": round(engine_per_s),
                "businesstimedelta_per_s": round(btd_per_s, 1),
                "ratio": round(engine_per_s / btd_per_s, 1),
                "agreement_pct": round(agreement_pct, 2),
                "recompute_100k_s": round(recompute_s, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
