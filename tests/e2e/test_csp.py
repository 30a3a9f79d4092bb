"""The pages work under the Content-Security-Policy: Chromium reports no violation.

A SuperUser goes through the portal (home, cases, the case form with its htmx fragments, a
case, the FAQ, support logins, the profile) and a specialist through the admin (index, case
list, a case's change form with its conversation). Any console message about the Content
Security Policy, or a ``securitypolicyviolation`` event, fails the test: an inline script,
style, event handler or htmx's injected indicator style would each produce one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from cases import services
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    make_specialist,
    make_superuser,
    register_case,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TIMEOUT_MS = 10_000
# Runs before any page script (and outside the page's CSP): records what the policy refused.
VIOLATION_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


class CspWatch:
    def __init__(self, context: BrowserContext, base: str) -> None:
        self.messages: list[str] = []
        context.add_cookies([{"name": "django_language", "value": "en",
                              "domain": urlsplit(base).hostname, "path": "/"}])
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(VIOLATION_RECORDER)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.messages.append(f"page error: {error.error}"))

    def _console(self, message) -> None:
        text = message.text.lower()
        if "content security policy" in text or "permissions-policy" in text:
            where = message.page.url if message.page else ""
            self.messages.append(f"{message.type}: {message.text} ({where})")

    def visit(self, page: Page, url: str) -> None:
        response = page.goto(url)
        assert response is not None and response.ok, url
        policy = response.header_value("content-security-policy")
        assert policy and "unsafe-inline" not in policy, url
        page.wait_for_load_state("networkidle")
        self.check(page)

    def check(self, page: Page) -> None:
        violations = page.evaluate("window.__cspViolations || []")
        assert violations == [], f"{page.url}: {violations}"
        assert self.messages == []


def test_portal_and_admin_pages_raise_no_csp_violation(live_server, page: Page, new_context):
    base = live_server.url
    now = timezone.now()
    reporter = make_superuser(first_name="Anna", last_name="Lind", language="en")
    article = ArticleFactory(question="How do I print invoices again?", language="en")
    case = register_case(reporter=reporter, subject="Invoices do not print", now=now,
                         description="It fails.\nEvery time.",
                         attachments=[SimpleUploadedFile("shot.png", PNG)])
    specialist = make_specialist(first_name="Karin", last_name="Ström", language="en",
                                 support_team=case.team)
    services.case_message_add(case=case, by=specialist, body="We are looking at it.", now=now)
    services.case_message_add(case=case, by=specialist, body="Internal: check the printer driver.",
                              now=now, is_internal=True)

    # The SuperUser in the portal.
    watch = CspWatch(page.context, base)
    watch.visit(page, f"{base}/accounts/login/")
    page.fill("input[name=username]", reporter.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.locator("nav.navbar").get_by_role("link", name=reporter.get_full_name())).to_be_visible()
    watch.check(page)

    for path in ["/", "/cases/", f"/cases/{case.number}/", "/faq/", f"/faq/{article.pk}/",
                 "/support-logins/", f"/support-logins/cases/{case.number}/grant/",
                 "/accounts/profile/", "/contact/"]:
        watch.visit(page, base + path)

    # The case form: its htmx fragments (the promise, the FAQ suggestions) swap in cleanly.
    watch.visit(page, f"{base}/cases/new/")
    page.get_by_label("Software bug", exact=True).check()
    page.get_by_label(re.compile(r"\b2 – Serious")).check()
    expect(page.locator("#promise")).to_contain_text("If you choose this level")
    page.get_by_label("Subject").fill("print invoices")
    page.wait_for_load_state("networkidle")
    watch.check(page)

    # FAQ search through htmx.
    watch.visit(page, f"{base}/faq/")
    page.locator("#kb-search-form input[type=search], #kb-search-form input[name=q]").first.fill("invoices")
    page.locator("#kb-search-form input[type=search], #kb-search-form input[name=q]").first.press("Enter")
    page.wait_for_load_state("networkidle")
    watch.check(page)

    # The specialist in the admin, in a browser of their own.
    staff_context = new_context()
    staff_watch = CspWatch(staff_context, base)
    staff = staff_context.new_page()
    staff_watch.visit(staff, f"{base}/admin/login/")
    staff.fill("input[name=username]", specialist.email)
    staff.fill("input[name=password]", PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    expect(staff.locator("#user-tools")).to_contain_text("Welcome")
    staff_watch.check(staff)
    for path in ["/admin/", "/admin/cases/case/", f"/admin/cases/case/{case.pk}/change/"]:
        staff_watch.visit(staff, base + path)
    conversation = staff.locator("#admin-conversation")
    expect(conversation).to_contain_text("We are looking at it.")
    # The conversation's look now comes from static/css/admin.css.
    internal = conversation.locator(".conversation-message.is-internal")
    expect(internal).to_have_css("background-color", "rgb(255, 248, 229)")
    expect(conversation.locator(".conversation-message.is-staff")).to_have_css(
        "border-left-color", "rgb(65, 118, 144)")
    # Scripts from static/ still run: the reply tools load their snippets and the preview.
    expect(staff.locator("#reply-tools-snippet")).to_be_enabled()
    staff.locator("#id_reply_body").fill("Hej")
    staff.locator("#reply-tools-preview").click()
    expect(staff.locator("#reply-tools-preview-panel")).to_be_visible()
    # And the admin's own: "select all" on the case list (actions.js).
    staff.goto(staff.url.split("/admin/")[0] + "/admin/cases/case/?team=all")
    staff.locator("#action-toggle").check()
    expect(staff.locator("input.action-select").first).to_be_checked()
    staff_watch.check(staff)
