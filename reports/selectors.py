"""The managers' SLA figures, aggregated in the database: how the start-of-work promise on
software bugs was kept for a period and a filter, broken down by level, office and team,
and month by month. Each figure is one grouped query; nothing loads cases into Python.

Every read goes through ``report_database()``: the read replica when one is configured
(DATABASE_REPLICA_URL), so months of aggregates do not compete with the portal's writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from cases.models import Case
from cases.workflows import Category
from kundcenter.db_router import report_database

# A bug's start target, at `now`: achieved / breached once work started; open-breached when
# it still waits past its deadline; open when it still waits within it.
ACHIEVED = Q(work_started_at__lte=F("start_deadline"))
BREACHED = Q(work_started_at__gt=F("start_deadline"))


def _open_breached(now: datetime) -> Q:
    return Q(work_started_at__isnull=True, start_deadline__lte=now)


def _open(now: datetime) -> Q:
    return Q(work_started_at__isnull=True, start_deadline__gt=now)


@dataclass(frozen=True)
class ReportFilter:
    start: datetime
    end: datetime
    office: str = ""
    team: str = ""
    level: int | None = None
    module_id: int | None = None
    customer_id: int | None = None


def _cases() -> QuerySet[Case]:
    return Case.objects.using(report_database())


def _filtered(cases: QuerySet[Case], report: ReportFilter) -> QuerySet[Case]:
    """The filter's office, team, module and customer (the level is the bugs' own)."""
    for field, value in (("office", report.office), ("team", report.team),
                         ("module_id", report.module_id), ("customer_id", report.customer_id)):
        if value:
            cases = cases.filter(**{field: value})
    return cases


def targets_all_categories(report: ReportFilter) -> QuerySet[Case]:
    """The cases of every category registered in the period, by the filter (the level is
    the bugs' own and applies in ``targets``)."""
    return _filtered(_cases().filter(registered_at__gte=report.start,
                                     registered_at__lt=report.end), report)


def targets(report: ReportFilter) -> QuerySet[Case]:
    """The bugs registered in the period whose start target the filter selects."""
    cases = targets_all_categories(report).filter(category=Category.SOFTWARE_BUG,
                                                   start_deadline__isnull=False)
    return cases.filter(service_level=report.level) if report.level else cases


@dataclass(frozen=True)
class TargetCounts:
    total: int
    achieved: int
    breached: int
    open_breached: int
    open: int

    @property
    def completed(self) -> int:
        return self.achieved + self.breached

    @property
    def achievement_percent(self) -> float | None:
        """Over completed targets only: a target still open is not yet kept or missed."""
        return None if self.completed == 0 else round(100 * self.achieved / self.completed, 1)


def _counts(now: datetime) -> dict:
    return {"total": Count("pk"), "achieved": Count("pk", filter=ACHIEVED),
            "breached": Count("pk", filter=BREACHED),
            "open_breached": Count("pk", filter=_open_breached(now)),
            "open": Count("pk", filter=_open(now))}


def target_counts(report: ReportFilter, *, now: datetime) -> TargetCounts:
    return TargetCounts(**targets(report).aggregate(**_counts(now)))


def time_to_start_percentile(report: ReportFilter, fraction: float) -> int | None:
    """The ``fraction`` percentile (nearest rank) of the time to start in open seconds over
    the started bugs: a count and one indexed row by offset, in the database."""
    started = targets(report).filter(start_open_seconds__isnull=False)
    count = started.count()
    if count == 0:
        return None
    rank = max(1, -(-count * fraction // 1))  # ceil, at least the first
    return (started.order_by("start_open_seconds")
            .values_list("start_open_seconds", flat=True)[int(rank) - 1])


@dataclass(frozen=True)
class BreakdownRow:
    level: int
    office: str
    team: str
    counts: TargetCounts


def breakdown(report: ReportFilter, *, now: datetime) -> list[BreakdownRow]:
    rows = (targets(report).values("service_level", "office", "team")
            .annotate(**_counts(now)).order_by("service_level", "office", "team"))
    return [BreakdownRow(row["service_level"], row["office"], row["team"],
                         TargetCounts(**{key: row[key] for key in _counts(now)}))
            for row in rows]


@dataclass(frozen=True)
class TrendRow:
    month: datetime
    counts: TargetCounts


def monthly_trend(report: ReportFilter, *, now: datetime, zone,
                  by: str = "month") -> list[TrendRow]:
    """The targets per month (or ISO week, ``by="week"``) of registration, in ``zone``."""
    from django.db.models.functions import TruncWeek

    truncate = TruncWeek if by == "week" else TruncMonth
    rows = (targets(report).annotate(month=truncate("registered_at", tzinfo=zone))
            .values("month").annotate(**_counts(now)).order_by("month"))
    return [TrendRow(row["month"], TargetCounts(**{key: row[key] for key in _counts(now)}))
            for row in rows]


@dataclass(frozen=True)
class CategoryVolume:
    category: str
    registered: int
    still_open: int
    median_open_age_days: float | None
    billable_minutes: int
    ratings: int
    average_rating: float | None
    solved_percent: float | None

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)


def category_volumes(report: ReportFilter, *, now: datetime) -> list[CategoryVolume]:
    """For all four categories, the cases registered in the period and filtered like the
    targets (level aside): how many, how many still open and for how long (median age),
    orders' billable time, and the customers' ratings after delivery. Grouped queries."""
    from django.db.models import Avg, Sum

    from cases.models import CaseRating, TimeEntry
    from cases.workflows import OPEN_STATES

    cases = targets_all_categories(report)
    counts = {row["category"]: row for row in cases.values("category").annotate(
        registered=Count("pk"), still_open=Count("pk", filter=Q(state__in=OPEN_STATES)))}
    # Same database as ``cases``: Django refuses a subquery across two.
    minutes = dict(TimeEntry.objects.using(cases.db).filter(case__in=cases, billable=True)
                   .values("case__category").annotate(total=Sum("minutes"))
                   .values_list("case__category", "total"))
    ratings = {row["case__category"]: row for row in CaseRating.objects.using(cases.db).filter(case__in=cases)
               .values("case__category").annotate(
                   count=Count("pk"), average=Avg("score"),
                   solved=Count("pk", filter=Q(solved=True)))}
    volumes = []
    for category in Category:
        row = counts.get(category.value, {"registered": 0, "still_open": 0})
        rating = ratings.get(category.value)
        volumes.append(CategoryVolume(
            category=category.value, registered=row["registered"], still_open=row["still_open"],
            median_open_age_days=_median_open_age_days(cases.filter(category=category.value),
                                                       now=now, count=row["still_open"]),
            billable_minutes=int(minutes.get(category.value) or 0),
            ratings=rating["count"] if rating else 0,
            average_rating=round(rating["average"], 1) if rating else None,
            solved_percent=round(100 * rating["solved"] / rating["count"], 1) if rating else None))
    return volumes


def _median_open_age_days(cases: QuerySet[Case], *, now: datetime, count: int) -> float | None:
    """The median registration of the still-open cases, one row by offset: its age."""
    from cases.workflows import OPEN_STATES

    if count == 0:
        return None
    middle = (cases.filter(state__in=OPEN_STATES).order_by("registered_at")
              .values_list("registered_at", flat=True)[(count - 1) // 2])
    return round((now - middle).total_seconds() / 86400, 1)


def average_overrun_seconds(report: ReportFilter) -> int | None:
    """How far past its target a breached start came on average, in open seconds: each
    level's time to start minus the level's promise (sla.rules), over all breaches."""
    from django.db.models import Sum

    from sla.rules import SERVICE_LEVELS

    rows = (targets(report).filter(BREACHED, start_open_seconds__isnull=False)
            .values("service_level").annotate(count=Count("pk"), total=Sum("start_open_seconds")))
    count = sum(row["count"] for row in rows)
    if count == 0:
        return None
    over = sum(row["total"] - row["count"] * int(
        SERVICE_LEVELS[row["service_level"]].start_within.total_seconds()) for row in rows)
    return max(0, over // count)


BACKLOG_BUCKETS = ((0, 1), (1, 7), (7, 30), (30, None))  # days, [from, to)


def backlog_by_age(report: ReportFilter, *, now: datetime) -> list[tuple[tuple, int]]:
    """Cases of every category open now, by age: one query with a count per bucket. The
    period does not apply (the backlog is today's); the other filters do."""
    from datetime import timedelta

    from cases.workflows import OPEN_STATES

    cases = _filtered(_cases().filter(state__in=OPEN_STATES), report)
    buckets = {}
    for low, high in BACKLOG_BUCKETS:
        condition = Q(registered_at__lte=now - timedelta(days=low))
        if high is not None:
            condition &= Q(registered_at__gt=now - timedelta(days=high))
        buckets[f"b{low}"] = Count("pk", filter=condition)
    counts = cases.aggregate(**buckets)
    return [((low, high), counts[f"b{low}"]) for low, high in BACKLOG_BUCKETS]


def waiting_bugs(report: ReportFilter, *, now: datetime, breached: bool,
                 limit: int = 50) -> list[Case]:
    """Open bugs still waiting for work now, at risk (not yet breached) or breached, soonest
    deadline first; the filters apply, the period does not."""
    from cases.workflows import OPEN_STATES

    cases = _filtered(_cases().filter(category=Category.SOFTWARE_BUG, state__in=OPEN_STATES,
                                          work_started_at__isnull=True,
                                          start_deadline__isnull=False), report)
    if report.level:
        cases = cases.filter(service_level=report.level)
    if breached:
        cases = cases.filter(start_deadline__lte=now)
    else:
        cases = cases.filter(start_at_risk_from__lte=now, start_deadline__gt=now)
    return list(cases.select_related("customer").only(
        "number", "subject", "service_level", "start_deadline", "office", "team",
        "customer__name").order_by("start_deadline", "pk")[:limit])


def resolution_counts(report: ReportFilter, *, now: datetime) -> TargetCounts:
    """The bugs' second target, the resolution goal (a day, week or months by level):
    achieved when delivered or closed by it, breached when later, open-breached when still
    open past it. Cases reopened after delivery count by their latest resolution."""
    bugs = targets(report).filter(resolution_goal__isnull=False)
    return TargetCounts(**bugs.aggregate(
        total=Count("pk"),
        achieved=Count("pk", filter=Q(resolved_at__lte=F("resolution_goal"))),
        breached=Count("pk", filter=Q(resolved_at__gt=F("resolution_goal"))),
        open_breached=Count("pk", filter=Q(resolved_at__isnull=True, resolution_goal__lte=now)),
        open=Count("pk", filter=Q(resolved_at__isnull=True, resolution_goal__gt=now))))
