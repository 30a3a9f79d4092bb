"""The public contact page: phones and addresses per office, the phone menu's two teams,
each office's open-now badge, and a customer's own office first."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.urls import reverse

from customers.models import OfficeCountry
from customers.teams import Industry, SupportTeam, support_team_for
from sla.presentation import phone_menu
from tests.factories import CustomerFactory, LicenceFactory, make_superuser

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CONTACTS = {"SE": {"phone": "+46 8 555 000 11", "address": "Box 1, 111 22 Stockholm"},
            "FI": {"phone": "+358 9 555 000 22", "address": "PL 2, 00100 Helsinki"}}


@pytest.fixture
def english_client(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def at(monkeypatch):
    def freeze(moment: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return freeze


def page_of(client) -> str:
    response = client.get(reverse("contact"))
    assert response.status_code == 200
    return response.content.decode()


def office_order(page: str) -> list[str]:
    return re.findall(
        r'<section class="col-md-6" aria-labelledby="office-[A-Z]+" data-office="([A-Z]+)"', page)


def finnish_superuser():
    customer = CustomerFactory(office_country=OfficeCountry.FINLAND)
    return make_superuser(licence=LicenceFactory(customer=customer), language="en")


@override_settings(OFFICE_CONTACTS=CONTACTS)
def test_each_office_has_its_phone_and_address(english_client):
    page = page_of(english_client)
    assert 'href="tel:+46855500011"' in page and "+46 8 555 000 11" in page
    assert 'href="tel:+358955500022"' in page and "PL 2, 00100 Helsinki" in page
    se, fi = page.index('data-office="SE"'), page.index('data-office="FI"')
    assert se < page.index("+46 8 555 000 11") < fi < page.index("+358 9 555 000 22")


def test_phone_menu_lists_both_teams_with_every_industry_once(english_client):
    page = page_of(english_client)
    assert "Press 1: Craftsmen, Transport and Consulting" in page
    assert "Press 2: Trade, Service Companies and Organisations" in page
    crafts = page[page.index('data-phone-option="1"'):page.index('data-phone-option="2"')]
    assert "Electrical and HVAC installers" in crafts and "Agriculture" not in crafts
    menu = phone_menu()
    assert [option.number for option in menu] == [1, 2]
    listed = [industry for option in menu for industry in option.industries]
    assert sorted(listed) == sorted(str(industry.label) for industry in Industry)


def test_the_menu_follows_the_team_mapping():
    by_team = {option.team: option.industries for option in phone_menu()}
    for industry in Industry:
        assert str(industry.label) in by_team[str(support_team_for(industry).label)]
    assert list(by_team) == [str(team.label) for team in SupportTeam]


def test_anonymous_visitor_sees_sweden_first_and_each_zone_named(english_client):
    page = page_of(english_client)
    assert office_order(page) == ["SE", "FI"]
    assert "Opening hours (Swedish time)" in page and "Opening hours (Finnish time)" in page
    assert "Your office" not in page


def test_a_finnish_customer_sees_their_office_first_and_the_other_in_its_zone(client):
    client.force_login(finnish_superuser())
    page = page_of(client)
    assert office_order(page) == ["FI", "SE"]
    fi_card = page[page.index('data-office="FI"'):page.index('data-office="SE"')]
    assert "Your office" in fi_card and "(Finnish time)" not in fi_card
    assert "Opening hours (Swedish time)" in page


def test_open_now_is_a_badge_with_words(english_client, at):
    # Tuesday 10:30 in Stockholm is 11:30 in Helsinki: SE open, FI at lunch.
    at(datetime(2026, 2, 10, 10, 30, tzinfo=STOCKHOLM))
    page = page_of(english_client)
    badges = {office: (colour, text) for colour, office, text in re.findall(
        r'<span class="badge rounded-pill[^"]*(text-bg-\w+)"\s+data-office-status="([A-Z]+)">'
        r'([^<]*)<', page)}
    assert badges["SE"] == ("text-bg-success", "Open now, closes 16:00 today (lunch break 12:00–13:00)")
    assert badges["FI"] == ("text-bg-secondary", "Closed, opens 12:00 today")
