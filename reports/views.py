"""/reports/: the managers' SLA report. Thin: the figures come from reports.selectors."""

from __future__ import annotations

import csv
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
from kundcenter.client_ip import client_ip
from kundcenter.csv_safety import csv_safe_row
from sla.services import office_time_zone

from . import selectors
from .forms import ReportFilterForm, default_period


def _drill_down(row: selectors.BreakdownRow, sla: str) -> str:
    """The admin's case list with the row's filter: each number leads to its cases."""
    return reverse("admin:cases_case_changelist") + "?" + urlencode(
        {"team": row.team, "service_level__exact": row.level, "sla": sla,
         "category__exact": Category.SOFTWARE_BUG.value})


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
            median=_hours(selectors.time_to_start_percentile(report, 0.5)),
            p90=_hours(selectors.time_to_start_percentile(report, 0.9)),
            rows=[{"row": row, "breached_url": _drill_down(row, "breached"),
                   "met_url": _drill_down(row, "met")} for row in rows],
            trend=selectors.monthly_trend(report, now=now, zone=zone),
            query=request.GET.urlencode())
        if request.GET.get("format") == "csv":
            audit_record(actor=request.user, action="report.export",
                         ip_address=client_ip(request), details={"report": "sla"})
            return _csv(rows)
    return render(request, "reports/sla_report.html", context,
                  status=200 if form.is_valid() or not request.GET else 400)


def _csv(rows: list[selectors.BreakdownRow]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sla-report.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(csv_safe_row([_("Level"), _("Office"), _("Team"), _("Targets"),
                                  _("Achieved"), _("Breached"), _("Open, breached"),
                                  _("Open"), _("Achievement rate (%)")]))
    for row in rows:
        counts = row.counts
        writer.writerow(csv_safe_row([row.level, row.office, row.team, counts.total,
                                      counts.achieved, counts.breached, counts.open_breached,
                                      counts.open, counts.achievement_percent or ""]))
    return response
