"""Every portal page works on a phone: at 360 and 390 px nothing scrolls sideways, the
navigation folds into a menu button, and the case list is cards, not a table."""

from __future__ import annotations

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

OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
        .filter(element => element.getBoundingClientRect().right > width + 1
                           && getComputedStyle(element).position !== 'fixed')
        .slice(0, 3).map(element => element.tagName.toLowerCase()
                         + (element.id ? '#' + element.id : '')
                         + (element.className && typeof element.className === 'string'
                            ? '.' + element.className.trim().split(/\\s+/).join('.') : ''));
    return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.mark.parametrize(("language", "width"), [("sv", 360), ("fi", 390), ("en", 360)])
def test_no_portal_page_scrolls_sideways_on_a_phone(page: Page, live_server, language, width):
    demo_data_load()
    page.set_viewport_size({"width": width, "height": 800})
    context_in_language(page.context, live_server.url, language)
    too_wide = {}
    visited = 0
    for viewer, group in pages_by_viewer(portal_pages(language)).items():
        log_in(page, live_server.url, viewer_email(viewer, language))
        for portal_page in group:
            page.goto(live_server.url + portal_page.path)
            measured = page.evaluate(OVERFLOW)
            if measured["scroll"] > measured["width"]:
                too_wide[portal_page.name] = measured
            visited += 1
    assert visited >= 30
    assert too_wide == {}


def test_on_a_phone_the_navigation_is_a_menu_and_cases_are_cards(page: Page, live_server):
    demo_data_load()
    page.set_viewport_size({"width": 375, "height": 800})
    context_in_language(page.context, live_server.url, "en")
    log_in(page, live_server.url, viewer_email("superuser", "en"))
    page.goto(live_server.url + "/cases/")

    toggle = page.locator("#nav-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#main-nav")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#main-nav").get_by_role("link", name="Support logins")).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()

    expect(page.locator("#case-table")).to_be_hidden()
    cards = page.locator("#case-cards .case-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 5
    cards.first.locator("a").first.click()
    expect(page.locator("#case-number")).to_be_visible()


def test_on_a_desktop_the_navigation_is_open_and_cases_are_a_table(page: Page, live_server):
    demo_data_load()
    page.set_viewport_size({"width": 1280, "height": 800})
    context_in_language(page.context, live_server.url, "en")
    log_in(page, live_server.url, viewer_email("superuser", "en"))
    page.goto(live_server.url + "/cases/")
    expect(page.locator("#nav-toggle")).to_be_hidden()
    expect(page.locator("#main-nav")).to_be_visible()
    expect(page.locator("#case-table")).to_be_visible()
    expect(page.locator("#case-cards")).to_be_hidden()
