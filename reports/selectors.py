"""The managers' SLA figures, aggregated in the database: how the start-of-work promise on
software bugs was kept for a period and a filter, broken down by level, office and team,
and month by month. Each figure is one grouped query; nothing loads cases into Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from cases.models import Case
from cases.workflows import Category

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


def targets(report: ReportFilter) -> QuerySet[Case]:
    """The bugs registered in the period whose start target the filter selects."""
    cases = Case.objects.filter(category=Category.SOFTWARE_BUG, start_deadline__isnull=False,
                                registered_at__gte=report.start, registered_at__lt=report.end)
    for field, value in (("office", report.office), ("team", report.team),
                         ("service_level", report.level), ("module_id", report.module_id),
                         ("customer_id", report.customer_id)):
        if value:
            cases = cases.filter(**{field: value})
    return cases


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


def monthly_trend(report: ReportFilter, *, now: datetime, zone) -> list[TrendRow]:
    rows = (targets(report).annotate(month=TruncMonth("registered_at", tzinfo=zone))
            .values("month").annotate(**_counts(now)).order_by("month"))
    return [TrendRow(row["month"], TargetCounts(**{key: row[key] for key in _counts(now)}))
            for row in rows]
