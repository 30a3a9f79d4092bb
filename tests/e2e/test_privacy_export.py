"""Browser test of "My data": a SuperUser opens it from the account menu, sees their case,
downloads their data as JSON and as a zip; the page in Swedish and Finnish at desktop and
phone width (screenshots in tests/artifacts), never scrolling sideways."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from audit.services import audit_record
from cases.services import case_message_add
from tests.e2e.portal_pages import context_in_language
from tests.e2e.test_case_flow import english_context, portal_log_in
from tests.e2e.test_phone_width import OVERFLOW
from tests.factories import PASSWORD, make_specialist, make_superuser, register_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US", "accept_downloads": True}


@pytest.fixture
def person() -> User:
    return make_superuser(first_name="Anna", last_name="Lind", language="en",
                          email="anna.lind@elektronord.example", phone="+46 70 111 22 33")


def test_a_superuser_opens_my_data_from_the_menu_and_downloads_it(page: Page, live_server,
                                                                   person):
    base = live_server.url
    case = register_case(reporter=person, subject="Invoices print without the logo",
                         attachments=[SimpleUploadedFile("notes.txt", b"hello")])
    english_context(page.context, base)
    portal_log_in(page, base, person)

    page.locator("#account-nav").get_by_role("link", name="My data").click()
    expect(page).to_have_url(re.compile(r"/privacy/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    expect(page.locator("#privacy-section-cases-case")).to_contain_text(case.number)
    expect(page.locator("#privacy-section-accounts-user")).to_contain_text(person.email)
    expect(page.locator("#privacy-log-table")).to_contain_text("Opened the overview")

    with page.expect_download() as download:
        page.locator("#privacy-export-json").click()
    day = timezone.localdate().isoformat()
    assert download.value.suggested_filename == f"personal-data-{day}.json"
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["schema"] == "kundcenter.personal-data"
    assert case.number in [row["number"] for row in document["sections"]["cases.case"]["rows"]]

    with page.expect_download() as download:
        page.locator("#privacy-export-zip").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    attachment = case.attachments.get()
    assert archive.read(f"attachments/{attachment.pk}-notes.txt") == b"hello"

    page.get_by_role("button", name="Ask to have my data erased").click()
    expect(page.locator("#privacy-erasure-pending")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("We have your request to be erased.")


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_the_overview_reads_well_on_a_desktop_and_a_phone(page: Page, live_server, person,
                                                          artifacts_dir, language):
    base = live_server.url
    User.objects.filter(pk=person.pk).update(language=language)
    specialist = make_specialist(first_name="Karin", last_name="Ström", support_team="crafts")
    now = timezone.now()
    case = register_case(reporter=person, subject="Lönekörningen stannar med fel 500",
                         description="Sedan i morse stoppar exporten.\nSteg: Lön › Export › SIE.",
                         attachments=[SimpleUploadedFile("skärmbild-från-lönekörningen.txt",
                                                         b"a long file name")])
    register_case(reporter=person, category="support", subject="Hur ändrar jag momssatsen?")
    case_message_add(case=case, by=person, body="Det händer även i dag.", now=now)
    context_in_language(page.context, base, language)
    portal_log_in_language(page, base, person)
    # Staff opened the account too: the log shows them by number.
    audit_record(actor=specialist, action="user.view", subject=person, ip_address="203.0.113.9")

    for width, height, name in [(1280, 900, "desktop"), (375, 800, "phone")]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(base + reverse("privacy:overview"))
        expect(page.locator("#privacy-section-cases-case")).to_contain_text(case.number)
        measured = page.evaluate(OVERFLOW)
        page.screenshot(path=str(artifacts_dir / f"privacy_overview_{language}_{name}.png"),
                        full_page=True)
        assert measured["scroll"] <= measured["width"], measured


def portal_log_in_language(page: Page, base: str, user: User) -> None:
    """Log in whatever the page's language (portal_log_in looks for English labels)."""
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
