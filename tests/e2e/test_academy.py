"""Browser test of the Academy: a SuperUser sees the unread badge in the navigation and on
the home, opens the release news, and the badge is gone; screenshots of the news in Swedish
and Finnish, desktop and phone (tests/artifacts), never scrolling sideways."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.e2e.portal_pages import context_in_language
from tests.e2e.test_phone_width import OVERFLOW
from tests.e2e.test_privacy_export import portal_log_in_language
from tests.factories import LicenceFactory, ModuleFactory, make_superuser
from tests.factories.academy import ReleaseSectionFactory, published_release

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTES = {"sv": "**Nytt:** export av fakturor till Excel.\n\n- Snabbare sökning\n- Färre klick",
         "fi": "**Uutta:** laskujen vienti Exceliin.\n\n- Nopeampi haku\n- Vähemmän klikkauksia"}


@pytest.fixture
def reader(db) -> User:
    invoicing = ModuleFactory(code="invoicing", name="Fakturering", name_sv="Fakturering",
                              name_fi="Laskutus")
    payroll = ModuleFactory(code="payroll", name="Lön", name_fi="Palkat")
    user = make_superuser(licence=LicenceFactory(modules=[invoicing, payroll]), language="sv",
                          first_name="Anna", last_name="Lind")
    for version, name in (("2026.24", "Vinterrelease"), ("2026.25", "Julrelease")):
        release = published_release(invoicing, languages=(), version=version, name=name)
        for module in (invoicing, payroll):
            for language, text in NOTES.items():
                ReleaseSectionFactory(release=release, module=module, language=language,
                                      body=text)
    published_release(ModuleFactory(code="stock"), version="2026.26")  # not licensed
    return user


def test_the_badge_leads_to_the_news_and_goes(page: Page, live_server, reader):
    base = live_server.url
    context_in_language(page.context, base, "sv")
    portal_log_in_language(page, base, reader)
    page.goto(base + "/")
    nav = page.locator("#main-nav")
    academy = nav.get_by_role("link", name="Akademi 2 olästa releasenyheter")
    expect(academy.or_(nav.locator("a[href='/academy/']"))).to_be_visible()
    expect(nav.locator(".nav-badge")).to_have_attribute("data-unread", "2")
    expect(nav.locator(".nav-badge .visually-hidden")).to_have_count(1)
    expect(page.locator("#release-news")).to_contain_text("2026.25")

    nav.locator("a[href='/academy/']").click()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".release")).to_have_count(2)
    expect(page.locator("main")).not_to_contain_text("2026.26")
    page.reload()
    expect(page.locator("#main-nav .nav-badge")).to_have_count(0)
    page.goto(base + "/")
    expect(page.locator("#release-news [data-unread]")).to_have_count(0)


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_the_news_reads_well_on_a_desktop_and_a_phone(page: Page, live_server, reader,
                                                      artifacts_dir, language):
    base = live_server.url
    User.objects.filter(pk=reader.pk).update(language=language)
    context_in_language(page.context, base, language)
    portal_log_in_language(page, base, reader)
    for width, height, name in [(1280, 900, "desktop"), (375, 800, "phone")]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(base + "/")
        page.screenshot(path=str(artifacts_dir / f"academy_home_{language}_{name}.png"),
                        full_page=True)
        page.goto(base + reverse("academy:home"))
        expect(page.locator(".release").first).to_contain_text(
            {"sv": "Fakturering", "fi": "Laskutus"}[language])
        measured = page.evaluate(OVERFLOW)
        page.screenshot(path=str(artifacts_dir / f"academy_news_{language}_{name}.png"),
                        full_page=True)
        assert measured["scroll"] <= measured["width"], measured
