"""Small things a user notices: console errors, a missing icon, a token in a URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_case_flow import english_context, portal_log_in
from tests.factories import ArticleFactory, make_superuser

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_faq_search_page_logs_no_console_errors(page: Page, live_server):
    ArticleFactory(question="How do I credit an invoice?", language="en")
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    english_context(page.context, live_server.url)
    page.goto(live_server.url + "/faq/search/?q=invoice")
    page.wait_for_load_state("networkidle")
    assert errors == []


def test_favicon_is_served(page: Page, live_server):
    response = page.goto(live_server.url + "/favicon.ico")
    assert response is not None and response.ok
    assert "svg" in response.headers["content-type"]


def test_promise_request_carries_no_csrf_token(page: Page, live_server):
    reporter = make_superuser(first_name="Anna", last_name="Lind", language="en")
    english_context(page.context, live_server.url)
    portal_log_in(page, live_server.url, reporter)
    requested: list[str] = []
    page.on("request", lambda request: "/cases/new/promise/" in request.url
            and requested.append(request.url))
    page.goto(live_server.url + "/cases/new/")
    page.get_by_label("Software bug", exact=True).check()
    page.locator("input[name=service_level][value='2']").check()
    expect(page.locator("#promise")).to_contain_text(re.compile("work starts by"))
    assert requested and all("csrfmiddlewaretoken" not in url for url in requested)
    assert all("subject" not in url for url in requested)
