"""WCAG 2.1 AA in the browser: axe-core (vendored under tests/e2e/vendor, never served to
users) on every portal page in Swedish, Finnish and English finds no serious or critical
violation; the navigation marks where the reader is; focus is visible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.portal_pages import (
    context_in_language,
    demo_data_load,
    log_in,
    pages_by_viewer,
    portal_pages,
    viewer_email,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
# The WCAG 2.0/2.1 A and AA rules (axe's tags), as the issue asks.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
BLOCKING = {"serious", "critical"}


def axe_violations(page: Page) -> list[dict]:
    """axe's serious and critical violations on the page as it is now. The script goes in
    through the DevTools protocol, which the portal's CSP (rightly) does not govern."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [{"rule": violation["id"], "impact": violation["impact"],
             "help": violation["help"],
             "targets": [node["target"] for node in violation["nodes"][:5]],
             "why": [node.get("failureSummary", "")[:300] for node in violation["nodes"][:2]]}
            for violation in results["violations"] if violation["impact"] in BLOCKING]


@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_no_serious_or_critical_violation_on_any_portal_page(page: Page, live_server, language,
                                                             artifacts_dir):
    demo_data_load()
    pages = portal_pages(language)
    context_in_language(page.context, live_server.url, language)
    found: dict[str, list[dict]] = {}
    visited = 0
    for viewer, group in pages_by_viewer(pages).items():
        log_in(page, live_server.url, viewer_email(viewer, language))
        for portal_page in group:
            response = page.goto(live_server.url + portal_page.path)
            assert response is not None and response.status < 500, portal_page
            expect(page.locator("html")).to_have_attribute("lang", language)
            violations = axe_violations(page)
            # The footer's feedback form, folded by default, is a page of its own when open.
            feedback = page.locator("#feedback summary")
            if feedback.count():
                feedback.click()
                violations += [v for v in axe_violations(page) if v not in violations]
            if violations:
                found[f"{portal_page.name} ({portal_page.path})"] = violations
            visited += 1
    (artifacts_dir / f"axe-{language}.json").write_text(json.dumps(found, indent=1))
    assert visited >= 30
    assert found == {}


def test_the_navigation_marks_the_current_page_and_its_section(page: Page, live_server):
    demo_data_load()
    context_in_language(page.context, live_server.url, "en")
    log_in(page, live_server.url, viewer_email("superuser", "en"))
    page.goto(live_server.url + "/cases/")
    nav = page.locator("#main-nav")
    expect(nav.locator("[aria-current]")).to_have_count(1)
    expect(nav.locator("[aria-current=page]")).to_have_text("Our cases")

    page.locator("#case-table a").first.click()
    expect(nav.locator("[aria-current=true]")).to_have_text("Our cases")
    expect(nav.locator("[aria-current=page]")).to_have_count(0)

    page.goto(live_server.url + "/cases/new/")
    # "Register a case" is its own link: "Our cases" is not marked as well.
    expect(nav.locator("[aria-current]")).to_have_count(1)
    expect(nav.locator("[aria-current=page]")).to_have_text("Register a case")


def test_keyboard_focus_is_visible(page: Page, live_server):
    demo_data_load()
    context_in_language(page.context, live_server.url, "en")
    log_in(page, live_server.url, viewer_email("superuser", "en"))
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    # The first stop is the skip link, which appears when focused.
    skip = page.locator("a[href='#main']")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate("""() => {
            const style = getComputedStyle(document.activeElement);
            return {width: parseFloat(style.outlineWidth) || 0, style: style.outlineStyle,
                    shadow: style.boxShadow};
        }""")
        assert (outline["width"] >= 2 and outline["style"] != "none") or \
            outline["shadow"] not in ("", "none"), outline


@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_the_managers_report_has_no_serious_violation(page: Page, live_server, language):
    from accounts.models import User

    demo_data_load()
    User.objects.filter(email="manager@kundcenter.example").update(language=language)
    context_in_language(page.context, live_server.url, language)
    log_in(page, live_server.url, "manager@kundcenter.example")
    page.goto(live_server.url + "/reports/")
    expect(page.locator("#report-summary")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert axe_violations(page) == []
