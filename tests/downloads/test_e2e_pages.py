"""Browser test: the downloads and service catalogue pages in Swedish on a desktop and a
phone (screenshots in tests/artifacts), never scrolling sideways; Order opens the prefilled
case form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.e2e.portal_pages import context_in_language
from tests.e2e.test_phone_width import OVERFLOW
from tests.e2e.test_privacy_export import portal_log_in_language
from tests.factories import LicenceFactory, ModuleFactory, make_superuser
from tests.factories.catalogue import ServiceCategoryFactory, ServiceItemFactory
from tests.factories.downloads import ProductFactory, make_product_version

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reader(db, settings, tmp_path) -> User:
    settings.MEDIA_ROOT = tmp_path
    invoicing = ModuleFactory(code="invoicing", name="Fakturering", name_sv="Fakturering",
                              name_fi="Laskutus")
    user = make_superuser(licence=LicenceFactory(modules=[invoicing]), language="sv")
    product = ProductFactory(name="SoftOne GO Skrivbordsklient med ett långt namn",
                             modules=[invoicing])
    for version, day in (("2026.1", 10), ("2026.2", 20)):
        make_product_version(product=product, version=version,
                             release_date=dt.date(2026, 2, day), filename=f"go-{version}.zip",
                             notes="**Nyheter**\n\n- Snabbare fakturautskrift")
    ServiceItemFactory(category=ServiceCategoryFactory(code="micro", name="Micro-services"),
                       name="Justering av fakturamall", description="Vi anpassar er mall.",
                       price_sek=Decimal("2900"), module=invoicing)
    ServiceItemFactory(category=ServiceCategoryFactory(code="technical",
                                                       name="Technical consulting"),
                       name="Analys av API-integrationer")
    return user


def test_pages_read_well_in_swedish_on_a_desktop_and_a_phone(page: Page, live_server, reader,
                                                             artifacts_dir):
    base = live_server.url
    context_in_language(page.context, base, "sv")
    portal_log_in_language(page, base, reader)
    for width, height, name in [(1280, 900, "desktop"), (375, 800, "phone")]:
        page.set_viewport_size({"width": width, "height": height})
        for url, slug in ((reverse("downloads:file_list"), "downloads"),
                          (reverse("catalogue:home"), "catalogue")):
            page.goto(base + url)
            expect(page.locator("h1")).to_have_count(1)
            measured = page.evaluate(OVERFLOW)
            page.screenshot(path=str(artifacts_dir / f"{slug}_sv_{name}.png"), full_page=True)
            assert measured["scroll"] <= measured["width"], (slug, name, measured)
    expect(page.locator(".service-price").last).not_to_contain_text("SEK")
    page.locator(".service-item a.btn").first.click()
    expect(page.locator("input[name=subject]")).to_have_value("Justering av fakturamall")
    expect(page.locator("input[name=category][value=order]")).to_be_checked()
