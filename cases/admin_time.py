"""Time on the case's admin page (two fields: the time spent and a note) and the monthly
report per customer for invoicing, with its CSV exports. Thin: the service decides what is
billable, the selectors sum; CaseAdmin mounts these with ``time_urls``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import yesno
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from customers.models import Customer
from kundcenter import converters  # noqa: F401  (registers pk)
from kundcenter.client_ip import client_ip
from kundcenter.csv_safety import csv_response
from kundcenter.refusals import refusal_text

from .models import Case, TimeEntry
from .time_billing import duration_minutes_parse, duration_text
from .time_selectors import case_time, monthly_time_by_customer, time_entries_for_invoice
from .time_services import time_entry_log

TIME_LOG_PREFIX = "time"
# What a refused entry looked like, per case, until the case page shows it again.
RETRY_SESSION_KEY = "cases_time_log_retry"
# The largest key a PostgreSQL bigint holds has 19 digits; 18 is what kundcenter.converters allows.
MAX_KEY = 10**18 - 1

TIME_LOGGED = _("Logged %(duration)s on %(date)s (%(billing)s).")
TIME_NOT_LOGGED = _("The time was not logged: %(error)s You entered: time “%(duration)s”, "
                    "date “%(date)s”, customer's own environment: %(environment)s, note “%(note)s”.")


def _field_label(name: str) -> str:
    # The model's own (lazy) names, so the form and the inline say the same thing.
    return capfirst(TimeEntry._meta.get_field(name).verbose_name)


class TimeLogForm(forms.Form):
    """The time spent as typed ("1:30") and a note; the rest has a default."""

    duration = forms.CharField(label=_("Time spent"), max_length=20,
                               help_text=_("E.g. 1:30, 90 (minutes), 1h 30m or 1,5 h."))
    note = forms.CharField(label=_field_label("note"), required=False,
                           max_length=TimeEntry._meta.get_field("note").max_length)
    customer_environment = forms.BooleanField(
        label=_("Caused by the customer's own IT environment"), required=False,
        help_text=_("Makes the time billable. Not needed for orders: their time is billable "
                    "once the customer has accepted the cost estimate."))
    # The office's day is the service's business; the form offers the server's local day.
    worked_on = forms.DateField(label=_field_label("worked_on"), initial=timezone.localdate,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", TIME_LOG_PREFIX)
        super().__init__(*args, **kwargs)

    def clean_duration(self) -> int:
        return duration_minutes_parse(self.cleaned_data["duration"])


def _billing_word(billable: bool) -> str:
    return gettext("billable") if billable else gettext("not billable")


def _typed(request: HttpRequest) -> dict[str, str]:
    """What the specialist typed, as posted (for the refusal message and the form again)."""
    def posted(name: str) -> str:
        return request.POST.get(f"{TIME_LOG_PREFIX}-{name}", "").strip()
    return {"duration": posted("duration"), "note": posted("note"), "worked_on": posted("worked_on"),
            "customer_environment": "on" if posted("customer_environment") else ""}


def _form_errors_text(form: forms.Form) -> str:
    return " ".join(f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields
                    else " ".join(errors) for name, errors in form.errors.items())


def _case_change_url(model_admin: ModelAdmin, case: Case) -> str:
    return reverse(f"{model_admin.admin_site.name}:cases_case_change", args=[case.pk])


def time_log_view(model_admin: ModelAdmin, request: HttpRequest, case_id: int) -> HttpResponse:
    """The case page's time form posts here; back to the case page either way, with what
    was logged or why not and what was typed (kept for the form too, see time_log_context)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not (model_admin.has_view_permission(request) and request.user.has_perm("cases.add_timeentry")):
        raise PermissionDenied
    case = get_object_or_404(Case, pk=case_id)
    back = _case_change_url(model_admin, case)
    form = TimeLogForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = time_entry_log(case=case, by=request.user, minutes=data["duration"],
                                   note=data["note"], customer_environment=data["customer_environment"],
                                   worked_on=data["worked_on"], now=timezone.now())
        except (ValidationError, PermissionDenied) as refusal:
            error = refusal_text(refusal)
        else:
            model_admin.message_user(request, TIME_LOGGED % {
                "duration": duration_text(entry.minutes), "date": entry.worked_on.isoformat(),
                "billing": _billing_word(entry.billable)}, level=messages.SUCCESS)
            return redirect(f"{back}#time-log")
    else:
        error = _form_errors_text(form)
    typed = _typed(request)
    request.session.setdefault(RETRY_SESSION_KEY, {})[str(case.pk)] = typed
    request.session.modified = True
    model_admin.message_user(request, TIME_NOT_LOGGED % {
        "error": error, "duration": typed["duration"], "date": typed["worked_on"],
        "environment": yesno(bool(typed["customer_environment"])),
        "note": typed["note"]}, level=messages.ERROR)
    return redirect(f"{back}#time-log")


def time_log_context(request: HttpRequest, case: Case, *, admin_site_name: str = "admin") -> dict[str, Any]:
    """Context for ``admin/cases/time_log.html`` on the case page: the form (filled in again
    with a refused entry, once), where it posts, and the case's entries with their sums."""
    retry = request.session.get(RETRY_SESSION_KEY, {}).pop(str(case.pk), None)
    if retry is not None:
        request.session.modified = True
    form = TimeLogForm(initial={**retry, "customer_environment": bool(retry["customer_environment"])}
                       if retry else None)
    time = case_time(case=case)
    return {"time_form": form, "case": case,
            "time_entries": [{"entry": entry, "duration": duration_text(entry.minutes)}
                             for entry in time.entries],
            "time_total": duration_text(time.total_minutes),
            "time_billable": duration_text(time.billable_minutes),
            "time_non_billable": duration_text(time.non_billable_minutes),
            "time_log_url": reverse(f"{admin_site_name}:cases_case_time_log", args=[case.pk])}


class TimeReportForm(forms.Form):
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"], required=False,
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    customer = forms.IntegerField(required=False, min_value=1, max_value=MAX_KEY,
                                  widget=forms.HiddenInput)
    format = forms.ChoiceField(required=False, choices=[("", "HTML"), ("csv", "CSV")],
                               widget=forms.HiddenInput)


def _summary_csv(month: date, rows: list) -> HttpResponse:
    return csv_response(
        f"time-{month:%Y-%m}.csv",
        [_("Customer number"), _("Customer"), _("Billable (minutes)"), _("Billable (h:mm)"),
         _("Not billable (minutes)"), _("Not billable (h:mm)"), _("Cases")],
        [[row.customer_number, row.customer_name, row.billable_minutes,
          duration_text(row.billable_minutes), row.non_billable_minutes,
          duration_text(row.non_billable_minutes), row.cases] for row in rows])


def _detail_csv(month: date, customer: Customer) -> HttpResponse:
    entries = time_entries_for_invoice(customer=customer, year=month.year, month=month.month)
    return csv_response(
        f"time-{customer.customer_number}-{month:%Y-%m}.csv",
        [_("Date"), _("Case number"), _("Subject"), _("Category"), _("Specialist"),
         _("Minutes"), _("Time (h:mm)"), _("Billable"), _("Note")],
        [[entry.worked_on.isoformat(), entry.case.number, entry.case.subject,
          entry.case.get_category_display(), entry.specialist.get_full_name(), entry.minutes,
          duration_text(entry.minutes), yesno(entry.billable),
          entry.note] for entry in entries.iterator(chunk_size=2000)])


def time_report_view(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    """The month's time per customer (GET ``month=YYYY-MM``, this month by default), as a
    page or ``format=csv``; ``customer=<id>`` with csv is that customer's entries."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = TimeReportForm(request.GET)
    context: dict[str, Any] = {**model_admin.admin_site.each_context(request),
                               "title": _("Time per customer"), "opts": model_admin.model._meta,
                               "form": form, "rows": None}
    if not form.is_valid():
        return render(request, "admin/cases/time_report.html", context)
    month = form.cleaned_data["month"] or timezone.localdate().replace(day=1)
    customer_id = form.cleaned_data["customer"]
    if form.cleaned_data["format"] == "csv":
        customer = get_object_or_404(Customer, pk=customer_id) if customer_id else None
        response = (_detail_csv(month, customer) if customer is not None
                    else _summary_csv(month, monthly_time_by_customer(year=month.year,
                                                                      month=month.month)))
        # Billing data leaves the system: who took which month's file is on record.
        audit_record(actor=request.user, action="case.time_export", subject=customer,
                     customer_id=customer_id, ip_address=client_ip(request),
                     details={"month": f"{month:%Y-%m}"})
        return response
    rows = monthly_time_by_customer(year=month.year, month=month.month)
    report_url = reverse(f"{model_admin.admin_site.name}:cases_case_time_report")
    context.update({
        "form": TimeReportForm(initial={"month": month}), "month": month,
        "rows": [{"row": row, "billable": duration_text(row.billable_minutes),
                  "non_billable": duration_text(row.non_billable_minutes),
                  "csv_url": f"{report_url}?month={month:%Y-%m}&format=csv&customer={row.customer_id}"}
                 for row in rows],
        "billable_total": duration_text(sum(row.billable_minutes for row in rows)),
        "non_billable_total": duration_text(sum(row.non_billable_minutes for row in rows)),
        "cases_total": sum(row.cases for row in rows),
        "csv_url": f"{report_url}?month={month:%Y-%m}&format=csv",
        "report_url": report_url,
    })
    return render(request, "admin/cases/time_report.html", context)


def time_urls(model_admin: ModelAdmin) -> list[URLPattern]:
    """The time log and the report, for ``CaseAdmin.get_urls`` (before the default ones:
    ``<path:object_id>/`` would take them otherwise)."""
    wrap = model_admin.admin_site.admin_view

    def time_log(request: HttpRequest, case_id: int) -> HttpResponse:
        return time_log_view(model_admin, request, case_id)

    def time_report(request: HttpRequest) -> HttpResponse:
        return time_report_view(model_admin, request)

    return [path("<pk:case_id>/time/", wrap(time_log), name="cases_case_time_log"),
            path("time-report/", wrap(time_report), name="cases_case_time_report")]

