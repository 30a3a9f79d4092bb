"""The managers' SLA report: every figure checked against hand-counted cases, the filters,
the CSV, and who may see it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import MANAGERS
from cases.services import case_message_add
from reports.selectors import ReportFilter, breakdown, monthly_trend, target_counts, time_to_start_percentile
from sla.services import office_time_zone
from tests.factories import LicenceFactory, StaffFactory, make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
# Wed 11 Feb 2026 09:00 Stockholm: a start 1 or 2 hours later keeps any level's promise,
# five days later breaks it; April 1 is long after every deadline.
FEB = dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC)
MAR = dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)
YEAR = ReportFilter(start=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                    end=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))


@pytest.fixture
def specialist():
    return make_specialist(support_team="crafts")


@pytest.fixture
def world(specialist):
    crafts = make_superuser(licence=LicenceFactory(customer__industry="construction"))
    trade = make_superuser(licence=LicenceFactory(customer__industry="retail"))
    trade_staff = make_specialist(support_team="trade")

    def bug(reporter, at, level, started_after=None, by=specialist):
        case = register_case(reporter=reporter, service_level=level, now=at)
        if started_after is not None:
            case_message_add(case=case, by=by, body="On it", now=at + started_after)
        case.refresh_from_db()
        return case

    return {
        # February, crafts, level 3: one in 1 h, one in 2 h (achieved), one after 5 days.
        "fast": bug(crafts, FEB, 3, HOUR),
        "ok": bug(crafts, FEB, 3, 2 * HOUR),
        "late": bug(crafts, FEB, 3, dt.timedelta(days=5)),
        # March, trade, level 2: one never started (open-breached by NOW), one achieved.
        "waiting": bug(trade, MAR, 2),
        "trade_ok": bug(trade, MAR, 2, HOUR, by=trade_staff),
        # Not a bug: no start target at all.
        "order": register_case(reporter=crafts, category="order", now=FEB),
    }


def test_summary_counts_and_rate(world):
    counts = target_counts(YEAR, now=NOW)
    assert (counts.total, counts.achieved, counts.breached, counts.open_breached, counts.open) \
        == (5, 3, 1, 1, 0)
    assert counts.achievement_percent == 75.0  # 3 of 4 completed; the open one not counted


def test_time_to_start_percentiles_in_opening_hours(world):
    # Started bugs: 1 h, 2 h, 1 h (trade) and "late" (5 days later, in open time):
    late = world["late"].start_open_seconds
    assert late > 8 * 3600
    assert time_to_start_percentile(YEAR, 0.5) == 3600       # ranks: 1 h, 1 h, 2 h, late
    assert time_to_start_percentile(YEAR, 0.9) == late


def test_filters_and_breakdown(world):
    crafts_only = ReportFilter(start=YEAR.start, end=YEAR.end, team="crafts")
    assert target_counts(crafts_only, now=NOW).total == 3
    level_2 = ReportFilter(start=YEAR.start, end=YEAR.end, level=2)
    assert (target_counts(level_2, now=NOW).achieved, target_counts(level_2, now=NOW).open_breached) == (1, 1)
    march = ReportFilter(start=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
                         end=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    assert target_counts(march, now=NOW).total == 2
    rows = {(row.level, row.office, row.team): row.counts for row in breakdown(YEAR, now=NOW)}
    assert set(rows) == {(2, "SE", "trade"), (3, "SE", "crafts")}
    assert (rows[(3, "SE", "crafts")].achieved, rows[(3, "SE", "crafts")].breached) == (2, 1)


def test_trend_by_month(world):
    trend = monthly_trend(YEAR, now=NOW, zone=office_time_zone("SE"))
    assert [(row.month.month, row.counts.total, row.counts.achievement_percent) for row in trend] \
        == [(2, 3, 66.7), (3, 2, 100.0)]


def manager_client(client):
    manager = StaffFactory()
    manager.groups.add(Group.objects.get(name=MANAGERS))
    client.force_login(manager)
    return client


def test_the_page_and_its_csv_for_a_manager(client, world):
    client = manager_client(client)
    params = {"start": "2026-01-01", "end": "2026-12-31", "team": "crafts"}
    page = client.get(reverse("reports:sla"), params).content.decode()
    assert 'data-figure="total">3<' in page and 'data-figure="rate">66.7 %<' in page
    response = client.get(reverse("reports:sla"), {**params, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:8] == ["3", "SE", "crafts", "3", "2", "1", "0", "0"]


def test_a_bad_period_is_refused_with_a_reason(client):
    client = manager_client(client)
    response = client.get(reverse("reports:sla"), {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400
    assert "The end of the period is before its start." in response.content.decode()


def test_superusers_and_specialists_get_403(client, specialist):
    client.force_login(make_superuser())
    assert client.get(reverse("reports:sla")).status_code == 403
    client.force_login(specialist)
    assert client.get(reverse("reports:sla")).status_code == 403
    client.logout()
    assert client.get(reverse("reports:sla")).status_code == 302


def test_volumes_of_every_category(world, specialist):
    from cases.models import CaseRating, TimeEntry
    from reports.selectors import category_volumes

    order = world["order"]
    TimeEntry.objects.create(case=order, specialist=specialist, minutes=90, billable=True,
                             worked_on=dt.date(2026, 2, 12))
    TimeEntry.objects.create(case=order, specialist=specialist, minutes=30, billable=False,
                             worked_on=dt.date(2026, 2, 12))
    CaseRating.objects.create(case=world["fast"], solved=True, score=5, rated_at=NOW,
                              updated_at=NOW)
    CaseRating.objects.create(case=world["ok"], solved=False, score=2, rated_at=NOW,
                              updated_at=NOW)
    volumes = {volume.category: volume for volume in category_volumes(YEAR, now=NOW)}
    assert set(volumes) == {"support", "order", "wish", "bug"}
    bugs = volumes["bug"]
    assert (bugs.registered, bugs.still_open) == (5, 5)  # none delivered yet
    # Open bugs registered Feb 11 (x3) and Mar 11 (x2): the median is a February one.
    assert bugs.median_open_age_days == round((NOW - FEB).total_seconds() / 86400, 1)
    assert (bugs.ratings, bugs.average_rating, bugs.solved_percent) == (2, 3.5, 50.0)
    assert volumes["order"].billable_minutes == 90
    assert (volumes["wish"].registered, volumes["wish"].median_open_age_days) == (0, None)


def test_every_table_downloads_as_xlsx_with_numbers_as_numbers(client, world):
    import openpyxl

    client = manager_client(client)
    params = {"start": "2026-01-01", "end": "2026-12-31"}
    for table, first_row in (("breakdown", [2, "SE", "trade", 2, 1, 0, 1, 0, 100]),
                             ("trend", ["2026-02", 3, 2, 1, 0, 0, 66.7])):
        response = client.get(reverse("reports:sla"), {**params, "format": "xlsx", "table": table})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [cell.value for cell in sheet[2]] == first_row
    response = client.get(reverse("reports:sla"), {**params, "format": "xlsx", "table": "volumes"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Category" and sheet.max_row == 5


def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx():
    import openpyxl

    from reports.export import table_response

    response = table_response(name="t", header=["Name", "Minutes"], file_format="xlsx",
                              rows=[['=HYPERLINK("http://evil")', 90]])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")
    assert sheet["B2"].value == 90


def test_the_monthly_report_reaches_each_manager_once(world):
    from cases.models import OutboxEmail
    from cases.notifications import render_outbox_email
    from reports.services import monthly_report_queue

    managers = [StaffFactory(language=language) for language in ("sv", "en")]
    for manager in managers:
        manager.groups.add(Group.objects.get(name=MANAGERS))
    StaffFactory()  # a specialist without the role gets nothing
    first_of_march = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)
    assert monthly_report_queue(now=first_of_march) == 2
    assert monthly_report_queue(now=first_of_march + dt.timedelta(hours=1)) == 0
    emails = OutboxEmail.objects.filter(template="reports/email/monthly")
    assert sorted(emails.values_list("recipient", flat=True)) == sorted(m.email for m in managers)
    english = emails.get(language="en")
    subject, body = render_outbox_email(english)
    assert subject == "Service levels in 2026-02"
    # February: three bugs, two achieved, one breached (see the world above).
    assert "Targets: 3" in body and "Achieved: 2" in body and "Breached: 1" in body
    assert "66.7 %" in body and "/reports/" in body


def test_the_charts_carry_their_numbers_and_need_no_script(client, world):
    page = manager_client(client).get(reverse("reports:sla"), {
        "start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    trend = page[page.index('id="chart-trend"'):page.index("</figure>", page.index('id="chart-trend"'))]
    assert 'role="img"' in trend and "<title" in trend
    assert "66.7 %" in trend and "100 %" in trend and "2026-02" in trend
    levels = page[page.index('id="chart-levels"'):page.index("</figure>", page.index('id="chart-levels"'))]
    assert "Level 2" in levels and "Level 3" in levels
    assert "<script" not in trend + levels and "style=" not in trend + levels


def test_overrun_backlog_and_the_lists_of_now(world):
    from reports.selectors import average_overrun_seconds, backlog_by_age, waiting_bugs
    from sla.rules import SERVICE_LEVELS

    late = world["late"]
    promise = int(SERVICE_LEVELS[3].start_within.total_seconds())
    assert average_overrun_seconds(YEAR) == late.start_open_seconds - promise
    backlog = dict(backlog_by_age(YEAR, now=NOW))
    # Open now: every bug (5) and the order, registered 20 (March) or 49 (February) days ago.
    assert backlog == {(0, 1): 0, (1, 7): 0, (7, 30): 2, (30, None): 4}
    assert [case.number for case in waiting_bugs(YEAR, now=NOW, breached=True)] == [
        world["waiting"].number]
    assert waiting_bugs(YEAR, now=NOW, breached=False) == []


def test_months_and_periods_are_in_the_offices_time(specialist):
    from reports.forms import ReportFilterForm

    reporter = make_superuser(licence=LicenceFactory(customer__industry="construction"))
    # 23:30 UTC on 31 January is 00:30 on 1 February in Stockholm: a February case.
    just_after_midnight = dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.UTC)
    register_case(reporter=reporter, service_level=3, now=just_after_midnight)
    trend = monthly_trend(YEAR, now=NOW, zone=office_time_zone("SE"))
    assert [row.month.month for row in trend] == [2]
    for start, end, expected in (("2026-02-01", "2026-02-28", 1), ("2026-01-31", "2026-01-31", 0)):
        form = ReportFilterForm({"start": start, "end": end})
        assert form.is_valid()
        assert target_counts(form.report_filter(), now=NOW).total == expected


def test_the_trend_by_week(client, world):
    trend = monthly_trend(YEAR, now=NOW, zone=office_time_zone("SE"), by="week")
    # 11 Feb and 11 Mar 2026 are Wednesdays of ISO weeks 7 and 11.
    assert [(row.month.isocalendar()[1], row.counts.total) for row in trend] == [(7, 3), (11, 2)]
    response = manager_client(client).get(reverse("reports:sla"), {
        "start": "2026-01-01", "end": "2026-12-31", "by": "week", "format": "csv",
        "table": "trend"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("2026-W07;3;") and lines[2].startswith("2026-W11;2;")


def test_the_resolution_goal(world, specialist):
    from reports.selectors import resolution_counts
    from tests.factories import deliver_case

    fast, ok = world["fast"], world["ok"]
    deliver_case(fast, now=fast.resolution_goal - HOUR, by=specialist)
    deliver_case(ok, now=ok.resolution_goal + HOUR, by=specialist)
    counts = resolution_counts(YEAR, now=NOW)
    # Three February bugs (goal within 4 weeks, long past by April) and two March ones
    # (level 2: the same week, also past): one kept, one late, three still open and late.
    assert (counts.total, counts.achieved, counts.breached, counts.open_breached, counts.open) \
        == (5, 1, 1, 3, 0)
    assert counts.achievement_percent == 50.0


def test_a_breakdown_number_leads_to_exactly_its_cases(client, world):
    import re as regex

    client = manager_client(client)
    page = client.get(reverse("reports:sla"), {"start": "2026-02-01", "end": "2026-02-28"})
    links = regex.findall(r'<a href="(/admin/cases/case/\?[^"]+)">(\d+)</a>', page.content.decode())
    assert links, "the breakdown links its numbers"
    for href, number in links:
        listed = client.get(href.replace("&amp;", "&")).content.decode()
        assert listed.count('class="action-select"') == int(number), href
