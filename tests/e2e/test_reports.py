"""Browser test of the managers' SLA report: a manager opens it, changes the period and a
filter, follows a number to its cases and downloads the CSV and the XLSX; a SuperUser is refused."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import MANAGERS
from cases.services import case_message_add
from tests.e2e.test_case_flow import admin_log_in, english_context, portal_log_in
from tests.factories import LicenceFactory, make_specialist, make_superuser, register_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_manager_reads_filters_drills_down_and_downloads(page: Page, live_server):
    base = live_server.url
    now = timezone.now()
    crafts = make_superuser(licence=LicenceFactory(customer__industry="construction"))
    trade = make_superuser(licence=LicenceFactory(customer__industry="retail"))
    specialist = make_specialist(support_team="crafts")
    late = register_case(reporter=crafts, service_level=3, subject="Started far too late",
                         now=now - dt.timedelta(days=20))
    case_message_add(case=late, by=specialist, body="Sorry", now=now - dt.timedelta(days=10))
    register_case(reporter=trade, service_level=3, now=now - dt.timedelta(days=20))
    manager = make_specialist(support_team="", language="en")
    manager.groups.add(Group.objects.get(name=MANAGERS))

    english_context(page.context, base)
    admin_log_in(page, base, manager)
    page.goto(base + "/reports/")
    expect(page.locator('[data-figure="total"]')).to_have_text("2")

    # A period that ends before the cases were registered: nothing.
    page.fill("#id_start", (now - dt.timedelta(days=60)).date().isoformat())
    page.fill("#id_end", (now - dt.timedelta(days=40)).date().isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.locator('[data-figure="total"]')).to_have_text("0")

    page.fill("#id_end", now.date().isoformat())
    page.select_option("#id_team", "crafts")
    page.get_by_role("button", name="Show").click()
    expect(page.locator('[data-figure="total"]')).to_have_text("1")
    expect(page.locator('[data-figure="breached"]')).to_have_text("1")

    with page.expect_download() as download:
        page.locator("#report-csv").click()
    content = open(download.value.path(), encoding="utf-8-sig").read()
    assert content.splitlines()[1].startswith("3;SE;crafts;1;0;1;")

    with page.expect_download() as download:
        page.locator("#report-xlsx").click()
    import openpyxl

    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    assert download.value.suggested_filename == "sla-report.xlsx"
    assert [cell.value for cell in sheet[2]][:6] == [3, "SE", "crafts", 1, 0, 1]

    breached = page.locator('#report-breakdown tr[data-team="crafts"] td:nth-child(6) a')
    expect(breached).to_have_text("1")
    page.goto(base + breached.get_attribute("href"))
    expect(page).to_have_url(re.compile(r"/admin/cases/case/\?"))
    expect(page.locator("#result_list")).to_contain_text(late.number)


def test_a_superuser_is_refused(page: Page, live_server):
    english_context(page.context, live_server.url)
    portal_log_in(page, live_server.url, make_superuser(language="en"))
    response = page.goto(live_server.url + "/reports/")
    assert response is not None and response.status == 403
