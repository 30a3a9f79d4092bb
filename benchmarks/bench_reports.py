"""Benchmark of the managers' yearly SLA report and of the breach watch (`make
bench-reports`) on PostgreSQL with 1,000,000 cases.

1. Drops and re-creates its own database (default ``kundcenter_bench_reports`` on
   127.0.0.1:5432; ``BENCH_REPORTS_DATABASE_URL`` overrides it, and its name must contain
   "bench"), migrates it, and leaves it in place afterwards for inspection.
2. Seeds 200 customers and 1,000,000 cases over the last three years in one INSERT ... SELECT
   from generate_series: the categories and levels in the portal's proportions, both offices
   and teams, states by age; bugs carry start deadlines and at-risk instants (level 1: 4 h
   after registration … level 5: 5 days, wall-clock — the figures' shape, not the opening-
   hours arithmetic, which the tests check), most started (80 % in time), the young ones
   partly waiting. Then VACUUM ANALYZE; the breach watch records every crossing once, as it
   would have over the years.
3. Alternating, ``ROUNDS`` times each: (a) the yearly report for one office — everything
   the /reports/ page computes: counts, both percentiles, the level × office × team
   breakdown, the monthly trend and the volumes of every category; (b) the reference: one
   plain indexed COUNT(*) of that office's cases of the year; (c) the breach watch's
   per-minute query (both thresholds, nothing new to record); (d) its reference, a primary-
   key lookup. Medians, and the ratios to the references.

Targets on the 2-core machine: yearly report ≤ 2 s, breach watch ≤ 100 ms. The last line
printed is one JSON object: yearly_report_s, breach_watch_ms, cases, and the ratios.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_portal import recreate_database, set_up_django  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kundcenter_bench_reports"
CASES = int(os.environ.get("BENCH_REPORTS_CASES", "1000000"))
CUSTOMERS = 200
ROUNDS = 5
TARGET_REPORT_S = 2.0
TARGET_WATCH_MS = 100.0

SEED_SQL = """
INSERT INTO cases_case (number, customer_id, reporter_id, module_id, category, subject,
    description, service_level, state, team, office, channel, registered_at, work_started_at,
    resolved_at, closed_at, start_deadline, start_at_risk_from, resolution_goal,
    start_open_seconds, updated_at)
SELECT
    to_char(g.registered_at, 'YYYY') || '-' || lpad(g.i::text, 7, '0'),
    c.id, c.reporter_id, c.module_id, g.category, 'Benchmark case ' || g.i, 'Seeded.',
    g.level, g.state, c.team, c.office, 'portal', g.registered_at,
    CASE WHEN g.category = 'bug' AND g.started THEN g.registered_at + g.target * g.speed END,
    CASE WHEN g.state IN ('delivered', 'closed') THEN g.registered_at + interval '20 days' END,
    CASE WHEN g.state = 'closed' THEN g.registered_at + interval '25 days' END,
    CASE WHEN g.category = 'bug' THEN g.registered_at + g.target END,
    CASE WHEN g.category = 'bug' THEN g.registered_at + g.target * 0.75 END,
    CASE WHEN g.category = 'bug' THEN g.registered_at + g.target * 4 END,
    CASE WHEN g.category = 'bug' AND g.started
         THEN (extract(epoch FROM g.target * g.speed) / 3)::int END,
    g.registered_at
FROM (
    SELECT s.i, s.registered_at, s.category, s.level, s.started, s.speed,
           CASE s.level WHEN 1 THEN interval '4 hours' WHEN 2 THEN interval '8 hours'
                WHEN 3 THEN interval '1 day' WHEN 4 THEN interval '3 days'
                ELSE interval '5 days' END AS target,
           CASE WHEN s.registered_at < now() - interval '60 days' THEN 'closed'
                WHEN s.category = 'bug'
                    THEN (ARRAY['new','escalated','assessed','planned','delivered'])[1 + s.i %% 5]
                WHEN s.category = 'order'
                    THEN (ARRAY['received','cost_estimate','work','delivered'])[1 + s.i %% 4]
                WHEN s.category = 'wish'
                    THEN (ARRAY['received','product_council','planned','delivered'])[1 + s.i %% 4]
                ELSE (ARRAY['first_line','second_line'])[1 + s.i %% 2] END AS state
    FROM (
        SELECT i,
               now() - (random() * interval '1095 days') AS registered_at,
               (ARRAY['bug','bug','bug','bug','support','support','support','order','order',
                      'wish'])[1 + i %% 10] AS category,
               CASE WHEN i %% 10 < 4 THEN (ARRAY[1,2,2,3,3,3,4,4,5,5])[1 + (i / 10) %% 10] END AS level,
               random() < 0.92 AS started,
               CASE WHEN random() < 0.8 THEN 0.2 + random() * 0.8 ELSE 1.05 + random() * 2 END AS speed
        FROM generate_series(1, %(cases)s) AS i
    ) AS s
) AS g
JOIN bench_customer AS c ON c.k = g.i %% %(customers)s
"""


def seed_customers() -> int:
    """Customers with a licence, a module and a SuperUser each, in both offices and every
    industry, listed in the table ``bench_customer`` the seed joins; returns the first id."""
    from django.db import connection

    from accounts.models import User
    from customers.models import Customer, Industry, Licence, Module, OfficeCountry, PaymentStatus
    from superusers.models import SuperUserSeat

    module = Module.objects.create(code="ledger", name="Ekonomi / Talous")
    industries = list(Industry)
    first = None
    rows = []
    for index in range(CUSTOMERS):
        customer = Customer.objects.create(
            name=f"Bench customer {index}", customer_number=f"{90000 + index}",
            office_country=OfficeCountry.SWEDEN if index % 2 else OfficeCountry.FINLAND,
            industry=industries[index % len(industries)], payment_status=PaymentStatus.PAID_UP)
        first = first or customer.pk
        licence = Licence.objects.create(customer=customer, number=f"L-{index}",
                                         valid_from=dt.date(2020, 1, 1))
        licence.modules.add(module)
        user = User.objects.create_user(f"bench{index}@example.com", None, customer=customer)
        SuperUserSeat.objects.create(licence=licence, user=user)
        rows.append((index, customer.pk, customer.office_country, customer.support_team,
                     user.pk, module.pk))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_customer (k int PRIMARY KEY, id int, office text, "
                       "team text, reporter_id int, module_id int)")
        cursor.executemany("INSERT INTO bench_customer VALUES (%s, %s, %s, %s, %s, %s)", rows)
    return first


def median_s(samples: list[float]) -> float:
    return statistics.median(samples)


def main() -> None:
    url = os.environ.get("BENCH_REPORTS_DATABASE_URL", DEFAULT_DATABASE_URL)
    name = recreate_database(url)
    set_up_django(url)

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cases.breach_watch import breach_watch_record, due_crossings
    from cases.models import Case, SlaWarning
    from customers.models import OfficeCountry
    from reports import selectors
    from sla.services import office_time_zone

    started = clock.perf_counter()
    call_command("migrate", verbosity=0)
    first_customer = seed_customers()
    with connection.cursor() as cursor:
        cursor.execute(SEED_SQL, {"cases": CASES, "customers": CUSTOMERS})
        cursor.execute("VACUUM ANALYZE")
    now = timezone.now()
    recorded = breach_watch_record(now=now)
    with connection.cursor() as cursor:
        # As autovacuum would have by now: the watch's anti-join is planned on fresh statistics.
        cursor.execute("VACUUM ANALYZE cases_slawarning")
    seeded = Case.objects.count()
    print(f"database {name} (re-created, left in place); {seeded:,} cases seeded and "
          f"{recorded:,} SLA crossings recorded in {clock.perf_counter() - started:.0f} s")

    zone = office_time_zone(OfficeCountry.SWEDEN)
    report = selectors.ReportFilter(start=now - dt.timedelta(days=365), end=now,
                                    office=OfficeCountry.SWEDEN)

    def yearly_report() -> None:
        selectors.target_counts(report, now=now)
        selectors.time_to_start_percentile(report, 0.5)
        selectors.time_to_start_percentile(report, 0.9)
        selectors.breakdown(report, now=now)
        selectors.monthly_trend(report, now=now, zone=zone)
        selectors.category_volumes(report, now=now)

    def report_reference() -> None:
        Case.objects.filter(office=report.office, registered_at__gte=report.start,
                            registered_at__lt=report.end).count()

    def breach_watch() -> None:
        for threshold in SlaWarning.Threshold:
            list(due_crossings(threshold, now=now)[:500])

    def watch_reference() -> None:
        Case.objects.filter(pk=first_customer).exists()

    timings: dict[str, list[float]] = {key: [] for key in ("report", "report_ref", "watch",
                                                           "watch_ref")}
    for _round in range(ROUNDS):
        for key, work in (("report", yearly_report), ("report_ref", report_reference),
                          ("watch", breach_watch), ("watch_ref", watch_reference)):
            begin = clock.perf_counter()
            work()
            timings[key].append(clock.perf_counter() - begin)

    report_s = median_s(timings["report"])
    report_ref_s = median_s(timings["report_ref"])
    watch_ms = median_s(timings["watch"]) * 1000
    watch_ref_ms = median_s(timings["watch_ref"]) * 1000
    print()
    print(f"{'measure':<44}{'median':>12}{'target':>10}{'reference':>12}{'ratio':>8}")
    print(f"{'yearly report, one office (all tables)':<44}{report_s:>10.2f} s{TARGET_REPORT_S:>8.1f} s"
          f"{report_ref_s * 1000:>10.1f} ms{report_s / report_ref_s:>8.1f}")
    print(f"{'breach watch query (both thresholds)':<44}{watch_ms:>9.1f} ms{TARGET_WATCH_MS:>7.0f} ms"
          f"{watch_ref_ms:>10.2f} ms{watch_ms / watch_ref_ms:>8.1f}")
    print(f"({ROUNDS} alternating rounds; reference: the office's plain COUNT(*) of the year, and "
          "a primary-key lookup)")
    print(json.dumps({"yearly_report_s": round(report_s, 3), "breach_watch_ms": round(watch_ms, 2),
                      "cases": seeded,
                      "yearly_report_to_count_ratio": round(report_s / report_ref_s, 1),
                      "breach_watch_to_pk_lookup_ratio": round(watch_ms / watch_ref_ms, 1)}))


if __name__ == "__main__":
    main()
