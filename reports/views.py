"""/reports/: the managers' SLA report. Thin: the figures come from reports.selectors."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.roles import is_manager
from audit.services import audit_record
from cases.promises import duration_label
from cases.workflows import Category
from customers.models import OfficeCountry
from knowledgebase.selectors import deflection_stats
from kundcenter.client_ip import client_ip
from sla.services import office_time_zone

from . import charts, selectors
from .export import table_response
from .forms import ReportFilterForm, default_period


def _drill_down(row: selectors.BreakdownRow, sla: str, report: selectors.ReportFilter) -> str:
    """The admin's case list with the row's filter and the report's period: each number
    leads to exactly its cases."""
    return reverse("admin:cases_case_changelist") + "?" + urlencode(
        {"team": row.team, "service_level__exact": row.level, "sla": sla,
         "category__exact": Category.SOFTWARE_BUG.value, "office": row.office,
         "registered_at__gte": report.start.isoformat(),
         "registered_at__lt": report.end.isoformat()})


def _hours(seconds: int | None) -> str:
    return "–" if seconds is None else duration_label(timedelta(seconds=seconds))


@login_required
def sla_report(request: HttpRequest) -> HttpResponse:
    """Managers only: a SuperUser, or a specialist without the role, gets 403."""
    if not (request.user.is_staff and is_manager(request.user)):
        raise PermissionDenied
    form = ReportFilterForm(request.GET or default_period(timezone.localdate()))
    context: dict = {"form": form}
    if form.is_valid():
        now = timezone.now()
        report = form.report_filter()
        zone = office_time_zone(report.office or OfficeCountry.SWEDEN)
        rows = selectors.breakdown(report, now=now)
        context.update(
            counts=selectors.target_counts(report, now=now),
            resolution=selectors.resolution_counts(report, now=now),
            median=_hours(selectors.time_to_start_percentile(report, 0.5)),
            p90=_hours(selectors.time_to_start_percentile(report, 0.9)),
            rows=[{"row": row, "breached_url": _drill_down(row, "breached", report),
                   "met_url": _drill_down(row, "met", report)} for row in rows],
            trend=selectors.monthly_trend(report, now=now, zone=zone,
                                          by=form.cleaned_data.get("by") or "month"),
            trend_by=form.cleaned_data.get("by") or "month",
            query=request.GET.urlencode())
        context.update(_charts(rows, context["trend"], context["trend_by"]))
        context.update(
            overrun=_hours(selectors.average_overrun_seconds(report)),
            backlog=selectors.backlog_by_age(report, now=now),
            breached_now=selectors.waiting_bugs(report, now=now, breached=True),
            at_risk_now=selectors.waiting_bugs(report, now=now, breached=False))
        volumes = selectors.category_volumes(report, now=now)
        context["volumes"] = volumes
        context["deflection"] = deflection_stats(start=report.start, end=report.end)
        file_format = request.GET.get("format")
        if file_format in ("csv", "xlsx"):
            table = request.GET.get("table", "breakdown")
            audit_record(actor=request.user, action="report.export",
                         ip_address=client_ip(request),
                         details={"report": "sla", "table": table, "format": file_format})
            return _export(table, rows=rows, trend=context["trend"], volumes=volumes,
                           file_format=file_format, by=context["trend_by"])
    return render(request, "reports/sla_report.html", context,
                  status=200 if form.is_valid() or not request.GET else 400)


def _period_label(start, by: str) -> str:
    """A month as 2026-02; a week by its ISO number, 2026-W07."""
    if by == "week":
        year, week, _day = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start:%Y-%m}"


def _charts(rows: list[selectors.BreakdownRow], trend: list[selectors.TrendRow],
            by: str) -> dict:
    by_level: dict[int, list[int]] = {}
    for row in rows:
        sums = by_level.setdefault(row.level, [0, 0, 0, 0, 0])
        for index, value in enumerate((row.counts.total, row.counts.achieved, row.counts.breached,
                                       row.counts.open_breached, row.counts.open)):
            sums[index] += value
    return {
        "trend_chart": charts.trend_line(
            title=_("Achievement rate by month"),
            points=[(_period_label(row.month, by), row.counts.achievement_percent)
                    for row in trend]),
        "levels_chart": charts.stacked_by_level(
            title=_("Targets by level: achieved, breached, open past the deadline"),
            legend={"achieved": _("Achieved"), "breached": _("Breached"),
                    "open_breached": _("Open, breached")},
            rows=[(_("Level %(level)s") % {"level": level}, selectors.TargetCounts(*sums))
                  for level, sums in sorted(by_level.items())]),
    }


def _export(table: str, *, rows: list[selectors.BreakdownRow], trend: list[selectors.TrendRow],
            volumes: list[selectors.CategoryVolume], file_format: str,
            by: str = "month") -> HttpResponse:
    """One of the page's tables as a file: the same figures as on screen."""
    counts_header = [_("Targets"), _("Achieved"), _("Breached"), _("Open, breached"), _("Open"),
                     _("Achievement rate (%)")]

    def counts(c: selectors.TargetCounts) -> list:
        return [c.total, c.achieved, c.breached, c.open_breached, c.open,
                c.achievement_percent if c.achievement_percent is not None else ""]

    if table == "trend":
        return table_response(name="sla-trend", file_format=file_format,
                              header=[_("Month"), *counts_header],
                              rows=[[_period_label(row.month, by), *counts(row.counts)]
                                    for row in trend])
    if table == "volumes":
        return table_response(
            name="volumes", file_format=file_format,
            header=[_("Category"), _("Registered"), _("Still open"),
                    _("Median age of open cases (days)"), _("Billable minutes"), _("Ratings"),
                    _("Average rating"), _("Solved (%)")],
            rows=[[str(Category(v.category).label), v.registered, v.still_open,
                   v.median_open_age_days, v.billable_minutes, v.ratings, v.average_rating,
                   v.solved_percent] for v in volumes])
    return table_response(name="sla-report", file_format=file_format,
                          header=[_("Level"), _("Office"), _("Team"), *counts_header],
                          rows=[[row.level, row.office, row.team, *counts(row.counts)]
                                for row in rows])
