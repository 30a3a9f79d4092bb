"""The FAQ search box uses the suggestions include the case form will use: typing shows
matching articles live (htmx), and opening one from there is recorded."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from knowledgebase.models import DeflectionEvent, Visibility
from tests.factories import PASSWORD, ArticleFactory, LicenceFactory, ModuleFactory, make_superuser

# The live server needs committed rows (tests/conftest.py re-seeds the support calendars
# that the portal reads for a logged-in customer).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_typing_in_the_faq_search_box_shows_suggestions(live_server, page: Page):
    ArticleFactory(question="How do I credit an invoice?", language="en",
                   answer="Create a credit note.")
    ArticleFactory(question="How do I add an employee?", language="en")
    ArticleFactory(question="Invoice draft", language="en", is_published=False)

    page.goto(f"{live_server.url}/faq/search/")
    page.get_by_label("Search the FAQ").press_sequentially("invoice", delay=30)

    suggestions = page.locator(".kb-suggestion")
    expect(suggestions).to_have_count(1)
    expect(suggestions.first).to_have_text("How do I credit an invoice?")
    expect(suggestions.first).to_have_attribute("href", re.compile(r"\?from=faq-search$"))
    expect(page).to_have_url(re.compile(r"/faq/search/$"))  # suggestions leave the URL alone


def test_a_superuser_sees_module_suggestions_and_opening_one_is_recorded(live_server,
                                                                         page: Page):
    payroll = ModuleFactory(code="payroll", name="Payroll")
    user = make_superuser(licence=LicenceFactory(modules=[payroll]), language="en")
    ArticleFactory(question="How do I correct a paid salary?", language="en", module=payroll,
                   visibility=Visibility.MODULE)
    ArticleFactory(question="How do I correct stock salary items?", language="en",
                   module=ModuleFactory(code="stock"), visibility=Visibility.MODULE)

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")) \
        .locator("[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(f"{live_server.url}/faq/search/")
    page.get_by_label("Search the FAQ").press_sequentially("salary", delay=30)
    suggestion = page.locator(".kb-suggestion")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_have_text("How do I correct a paid salary?")

    suggestion.click()
    expect(page.locator("h1")).to_have_text("How do I correct a paid salary?")
    expect(page).to_have_url(re.compile(r"/faq/\d+/$"))  # the marker is gone after recording
    event = DeflectionEvent.objects.get()
    assert (event.user_id, event.source) == (user.pk, "faq-search")

    page.get_by_role("button", name="Yes").click()  # htmx: only the vote block changes
    expect(page.locator("#vote-thanks")).to_be_visible()
