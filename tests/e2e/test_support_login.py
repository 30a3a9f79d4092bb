"""A SuperUser grants a 72-hour support login on a Friday, sees the exact expiry before
confirming, revokes it from the list, and sees it revoked. No JavaScript is needed.

Runs against pytest-django's live server in Debian's Chromium (see tests/conftest.py). The
clock travels to the coming Friday 10:00 in Stockholm (the 72-hour preset exists only on a
Friday), in the future so that the browser keeps the session cookie.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from playwright.sync_api import Page, expect

from sla.rules import grant_expiry
from sla.services import calendar_table_get
from support_logins.models import SupportLoginGrant
from support_logins.presentation import until_label
from tests.factories import PASSWORD, make_superuser, register_case

# The live server needs committed rows, hence transaction=True.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _coming_friday_10() -> dt.datetime:
    today = dt.datetime.now(STOCKHOLM).date()
    days = (4 - today.weekday()) % 7 or 7
    return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(10), tzinfo=STOCKHOLM)


def test_grant_see_the_expiry_revoke_and_see_it_revoked(live_server, page: Page,
                                                        artifacts_dir):
    friday = _coming_friday_10()
    with time_machine.travel(friday, tick=True):
        _grant_and_revoke(live_server.url, page, friday, artifacts_dir)


def _grant_and_revoke(base: str, page: Page, friday: dt.datetime, artifacts_dir) -> None:
    superuser = make_superuser(language="en", first_name="Sara", last_name="Superuser")
    case = register_case(reporter=superuser, subject="Bank file import fails", now=friday)
    with translation.override("en"):
        expected = until_label(calendar_table_get("SE"),
                               grant_expiry(calendar_table_get("SE"), friday, "72h"))
    assert expected.startswith("until Mon ")

    page.context.add_cookies([{"name": "django_language", "value": "en",
                               "domain": urlsplit(base).hostname, "path": "/"}])
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", superuser.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    # Step 1: choose. "8 working hours" is the default; on a Friday 72 hours is offered.
    page.goto(f"{base}/support-logins/cases/{case.number}/grant/")
    expect(page.get_by_label("8 working hours")).to_be_checked()
    page.get_by_label("72 hours").check()
    page.get_by_label("What should our specialist do? (optional)").fill("Check the bank file settings")
    page.get_by_role("button", name="Continue").click()

    # Step 2: the exact expiry, office time, before anything is granted.
    expect(page.get_by_role("heading", name="Confirm the support login")).to_be_visible()
    expect(page.locator("#grant-expiry")).to_have_text(expected)
    expect(page.locator("#grant-expiry-long")).to_contain_text("(Swedish time)")
    assert not SupportLoginGrant.objects.exists()
    page.screenshot(path=str(artifacts_dir / "support_login_confirm.png"), full_page=True)
    page.get_by_role("button", name="Confirm and grant").click()

    # The list: the grant is active, with its expiry.
    expect(page).to_have_url(re.compile(r"/support-logins/$"))
    expect(page.get_by_role("alert").filter(has_text="Support login granted")).to_be_visible()
    grant = SupportLoginGrant.objects.get()
    row = page.locator(f"#grant-{grant.pk}")
    expect(row).to_have_attribute("data-status", "active")
    expect(row.locator(".grant-expiry")).to_have_text(expected)

    # Revoke: one click opens the confirmation, a second one revokes.
    row.get_by_role("link", name="Revoke…").click()
    expect(page.get_by_role("heading", name="Revoke the support login?")).to_be_visible()
    page.get_by_role("button", name="Yes, revoke now").click()

    expect(page).to_have_url(re.compile(r"/support-logins/$"))
    expect(page.get_by_role("alert").filter(has_text="was revoked")).to_be_visible()
    row = page.locator(f"#past-grants #grant-{grant.pk}")
    expect(row).to_have_attribute("data-status", "revoked")
    expect(row.locator(".grant-status")).to_have_text("Revoked")
    expect(page.locator("#no-active-grants")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "support_login_revoked.png"), full_page=True)

    grant.refresh_from_db()
    assert grant.revoked_by == superuser and grant.revoked_at is not None
    assert not grant.is_active_at(grant.revoked_at)
