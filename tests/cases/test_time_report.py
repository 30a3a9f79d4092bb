"""The time form's view on the case page and the monthly report per customer, with its CSV
exports, through the admin as a specialist uses it (mounted by tests/cases/time_urls.py)."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEntry
from cases.admin_time import TimeLogForm, time_log_context
from cases.models import TimeEntry
from cases.time_selectors import monthly_time_by_customer
from cases.time_services import time_entry_log
from cases.workflows import Category
from tests.factories import (
    WEDNESDAY_MORNING,
    LicenceFactory,
    StaffFactory,
    make_specialist,
    make_superuser,
    order_with_accepted_estimate,
    register_case,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cases.time_urls")]

REPORT = "admin:cases_case_time_report"


@pytest.fixture
def specialist():
    return make_specialist(support_team="crafts")


def customer_case(name: str, *, category: str = Category.SUPPORT_QUESTION):
    reporter = make_superuser(licence=LicenceFactory(customer__name=name))
    return register_case(reporter=reporter, category=category, now=WEDNESDAY_MORNING)


def log(case, by, minutes: int, *, day: dt.date, customer_environment: bool = False, note: str = ""):
    return time_entry_log(case=case, by=by, minutes=minutes, note=note,
                          customer_environment=customer_environment, worked_on=day,
                          now=dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def february(specialist):
    """Two customers' time in February 2026, and some in March that the report leaves out."""
    nord = customer_case("Elektro Nord AB")
    nord_order = order_with_accepted_estimate(reporter=nord.reporter)
    syd = customer_case("=HYPERLINK(\"http://evil\";\"Syd\")")
    log(nord, specialist, 90, day=dt.date(2026, 2, 11), customer_environment=True, note="Printer")
    log(nord, specialist, 30, day=dt.date(2026, 2, 12))
    log(nord_order, specialist, 120, day=dt.date(2026, 2, 28), note="-1+1 layout")
    log(syd, specialist, 15, day=dt.date(2026, 2, 1))
    log(syd, specialist, 600, day=dt.date(2026, 3, 1), customer_environment=True)
    return {"nord": nord, "nord_order": nord_order, "syd": syd}


def test_monthly_sums_per_customer_in_one_query(february, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = monthly_time_by_customer(year=2026, month=2)
    assert [(row.customer_name, row.billable_minutes, row.non_billable_minutes, row.cases)
            for row in rows] == [("=HYPERLINK(\"http://evil\";\"Syd\")", 0, 15, 1),
                                 ("Elektro Nord AB", 90 + 120, 30, 2)]
    march = monthly_time_by_customer(year=2026, month=3)
    assert [(row.billable_minutes, row.non_billable_minutes) for row in march] == [(600, 0)]


def test_report_page_shows_the_month(client, specialist, february):
    client.force_login(specialist)
    response = client.get(reverse(REPORT), {"month": "2026-02"})
    assert response.status_code == 200
    page = response.content.decode()
    nord = february["nord"].customer
    assert nord.name in page and nord.customer_number in page
    assert "3:30" in page and "0:30" in page and "0:15" in page  # Nord billable, not; Syd not
    assert "10:00" not in page  # March
    assert "month=2026-02&amp;format=csv" in page
    assert f"customer={nord.pk}" in page


def test_report_defaults_to_this_month_and_is_for_managers_too(client):
    from django.contrib.auth.models import Group

    from accounts.roles import MANAGERS

    manager = StaffFactory(support_team="")
    manager.groups.add(Group.objects.get(name=MANAGERS))
    client.force_login(manager)
    response = client.get(reverse(REPORT))
    assert response.status_code == 200
    assert response.context["month"].day == 1


def test_summary_csv(client, specialist, february):
    client.force_login(specialist)
    response = client.get(reverse(REPORT), {"month": "2026-02", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="time-2026-02.csv"' in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert len(rows) == 3
    nord = february["nord"].customer
    assert rows[2] == [nord.customer_number, nord.name, "210", "3:30", "30", "0:30", "2"]
    # A customer name that is a formula stays text in the spreadsheet.
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\";\"Syd\")"
    assert AuditEntry.objects.filter(action="case.time_export", actor=specialist).exists()


def test_detail_csv_of_one_customer(client, specialist, february):
    client.force_login(specialist)
    nord = february["nord"].customer
    response = client.get(reverse(REPORT), {"month": "2026-02", "format": "csv", "customer": nord.pk})
    assert response.status_code == 200
    assert f'filename="time-{nord.customer_number}-2026-02.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:]), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["2026-02-11", "2026-02-12", "2026-02-28"]
    assert [row[1] for row in rows[1:]] == [february["nord"].number, february["nord"].number,
                                            february["nord_order"].number]
    assert [row[5] for row in rows[1:]] == ["90", "30", "120"]
    assert rows[3][8] == "'-1+1 layout"
    entry = AuditEntry.objects.get(action="case.time_export")
    assert (entry.customer_id, entry.details) == (nord.pk, {"month": "2026-02"})


@pytest.mark.parametrize("query", [
    {"month": "2026-13"}, {"month": "abc"}, {"month": "99999-01"},
    {"month": "2026-02", "customer": "99999999999999999999999"},
    {"month": "2026-02", "customer": "x", "format": "csv"}, {"format": "pdf"},
])
def test_report_refuses_bad_parameters_with_the_form(client, specialist, query):
    client.force_login(specialist)
    response = client.get(reverse(REPORT), query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["rows"] is None


def test_unknown_customer_csv_is_not_found(client, specialist):
    client.force_login(specialist)
    response = client.get(reverse(REPORT), {"format": "csv", "customer": "999999"})
    assert response.status_code == 404


def test_report_is_for_staff_with_the_cases_view_permission(client):
    case = register_case(now=WEDNESDAY_MORNING)
    client.force_login(case.reporter)
    assert client.get(reverse(REPORT)).status_code == 302  # to the admin login
    client.force_login(StaffFactory())  # staff, but in no role
    assert client.get(reverse(REPORT)).status_code == 403


def time_post(**fields):
    data = {"duration": "1:30", "note": "Reinstalled the client", "worked_on": "2026-02-11",
            "customer_environment": "on", **fields}
    return {f"time-{name}": value for name, value in data.items() if value is not None}


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_logging_from_the_case_page(client, specialist):
    case = register_case(category=Category.SUPPORT_QUESTION, now=WEDNESDAY_MORNING)
    client.force_login(specialist)
    with translation.override("en"):
        response = client.post(reverse("admin:cases_case_time_log", args=[case.pk]), time_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cases_case_change", args=[case.pk]) + "#time-log"
    entry = TimeEntry.objects.get(case=case)
    assert (entry.minutes, entry.billable, entry.specialist, entry.note) == (
        90, True, specialist, "Reinstalled the client")
    assert any("1:30" in text and "2026-02-11" in text for text in flashed(response))


def test_a_refused_entry_comes_back_with_what_was_typed(client, specialist):
    case = register_case(now=WEDNESDAY_MORNING)
    client.force_login(specialist)
    response = client.post(reverse("admin:cases_case_time_log", args=[case.pk]),
                           time_post(duration="an hour-ish", note="Looked at the logs"))
    assert response.status_code == 302
    assert not TimeEntry.objects.exists()
    [message] = flashed(response)
    assert "an hour-ish" in message and "Looked at the logs" in message and "2026-02-11" in message
    assert "1:30" in message  # the accepted forms
    # The form on the case page is filled in again, once.
    request = RequestFactory().get("/")
    request.session = client.session
    form = time_log_context(request, case)["time_form"]
    assert form.initial["duration"] == "an hour-ish" and form.initial["customer_environment"] is True
    assert "duration" not in time_log_context(request, case)["time_form"].initial


def test_the_other_teams_specialist_is_refused_with_the_reason(client):
    case = register_case(now=WEDNESDAY_MORNING)
    client.force_login(make_specialist(support_team="trade"))
    response = client.post(reverse("admin:cases_case_time_log", args=[case.pk]), time_post())
    assert response.status_code == 302
    assert not TimeEntry.objects.exists()
    [message] = flashed(response)
    assert "1:30" in message and "Reinstalled the client" in message


def test_logging_only_by_post_and_on_a_case_that_exists(client, specialist):
    client.force_login(specialist)
    case = register_case(now=WEDNESDAY_MORNING)
    assert client.get(reverse("admin:cases_case_time_log", args=[case.pk])).status_code == 405
    assert client.post(reverse("admin:cases_case_time_log", args=[999999]),
                       time_post()).status_code == 404


def test_the_case_page_include_lists_entries_with_sums(rf, specialist):
    case = register_case(category=Category.SUPPORT_QUESTION, now=WEDNESDAY_MORNING)
    log(case, specialist, 90, day=dt.date(2026, 2, 11), customer_environment=True, note="Router")
    log(case, specialist, 20, day=dt.date(2026, 2, 12))
    from django.contrib.sessions.backends.db import SessionStore
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.session = SessionStore()
    request.user = specialist
    context = time_log_context(request, case)
    assert (context["time_total"], context["time_billable"], context["time_non_billable"]) == (
        "1:50", "1:30", "0:20")
    html = render_to_string("admin/cases/time_log.html", context, request=request)
    assert 'name="time-duration"' in html and 'name="time-customer_environment"' in html
    assert reverse("admin:cases_case_time_log", args=[case.pk]) in html
    assert "Router" in html and "csrfmiddlewaretoken" in html


def test_the_date_defaults_to_today():
    from django.utils import timezone

    assert TimeLogForm()["worked_on"].value() == timezone.localdate()
