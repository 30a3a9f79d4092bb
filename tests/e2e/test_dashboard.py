"""Browser test of the SuperUser's home: after login the waiting items are there, and each
leads to the page where the person acts on it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.services import case_estimate_give, case_message_add
from cases.workflows import Category
from tests.e2e.test_case_flow import english_context, portal_log_in
from tests.factories import make_specialist, make_superuser, register_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}


def test_home_shows_what_waits_and_leads_to_it(page: Page, live_server):
    now = timezone.now()
    reporter = make_superuser(first_name="Anna", last_name="Lind", language="en")
    specialist = make_specialist(language="en", support_team="crafts")
    asked = register_case(reporter=reporter, subject="Payroll export fails", now=now)
    case_message_add(case=asked, by=specialist, body="Which version do you run?", now=now)
    order = register_case(reporter=reporter, category=Category.ORDER, subject="New layout",
                          now=now)
    case_estimate_give(case=order, by=specialist, amount=Decimal("4800.00"), text="Setup",
                       currency="SEK", now=now)

    english_context(page.context, live_server.url)
    portal_log_in(page, live_server.url, reporter)
    page.goto(live_server.url + "/")

    waiting = page.locator("#awaiting-reply")
    expect(waiting.locator(".badge")).to_have_text("1")
    expect(waiting).to_contain_text("Payroll export fails")
    expect(page.locator("#estimates")).to_contain_text("New layout")
    expect(page.locator("#open-cases")).to_contain_text(asked.number)
    expect(page.locator("#open-cases [data-sla]").first).to_be_visible()

    waiting.get_by_role("link", name=re.compile("Payroll export fails")).click()
    expect(page).to_have_url(re.compile(re.escape(asked.get_absolute_url()) + "$"))
    expect(page.locator("main")).to_contain_text("Which version do you run?")

    page.goto(live_server.url + "/")
    page.locator("#estimates").get_by_role("link", name=re.compile("New layout")).click()
    expect(page).to_have_url(re.compile(r"/estimate/"))
