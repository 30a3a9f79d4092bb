"""The portal's one wording of dates, times and amounts, per language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from portal.formatting import format_day, format_moment, format_money
from sla.presentation import office_clock, office_day_clock
from sla.services import calendar_table_get
from support_logins.presentation import until_label

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HELSINKI = ZoneInfo("Europe/Helsinki")
# Wed 2 Dec 2026 12:00 in Stockholm.
NOON = dt.datetime(2026, 12, 2, 11, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("language", "expected"), [
    ("sv", "ons 2 dec. 12:00"), ("fi", "ke 2.12. klo 12.00"), ("en", "Wed 2 Dec 12:00")])
def test_moment_per_language(language, expected):
    assert format_moment(NOON, language, STOCKHOLM) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("sv", "ons 2 dec. 2026 12:00"), ("fi", "ke 2.12.2026 klo 12.00"),
    ("en", "Wed 2 Dec 2026 12:00")])
def test_moment_with_year(language, expected):
    assert format_moment(NOON, language, STOCKHOLM, with_year=True) == expected


def test_a_whole_month_name_gets_no_abbreviation_point():
    assert format_day(dt.date(2026, 5, 6), "sv") == "ons 6 maj"
    assert format_day(dt.date(2026, 9, 2), "sv") == "ons 2 sep."
    assert format_day(dt.date(2026, 5, 6), "fi") == "ke 6.5."
    assert format_day(dt.date(2026, 5, 6), "en") == "Wed 6 May"


def test_the_time_zone_is_the_one_given():
    assert format_moment(NOON, "fi", HELSINKI) == "ke 2.12. klo 13.00"


def test_daylight_saving_boundary():
    # Sun 29 Mar 2026: clocks go 02:00 → 03:00 in Stockholm; 01:30 UTC is 03:30 local.
    moment = dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)
    assert format_moment(moment, "sv", STOCKHOLM) == "sön 29 mars 03:30"
    assert format_moment(moment - dt.timedelta(hours=1), "sv", STOCKHOLM) == "sön 29 mars 01:30"


def test_no_c_locale_names_whatever_the_process_locale():
    for language in ("sv", "fi"):
        text = format_moment(NOON, language, STOCKHOLM)
        assert "Dec" not in text and "Wed" not in text


@pytest.mark.parametrize(("amount", "language", "currency", "expected"), [
    ("4800", "sv", "SEK", "4\u00a0800,00\u00a0kr"), ("4800", "fi", "EUR", "4\u00a0800,00\u00a0€"),
    ("4800", "en", "SEK", "SEK\u00a04,800.00"),
    ("1234567.5", "sv", "EUR", "1\u00a0234\u00a0567,50\u00a0€"),
    ("0.049", "en", "EUR", "EUR\u00a00.05"), ("-12.5", "sv", "SEK", "-12,50\u00a0kr")])
def test_money(amount, language, currency, expected):
    assert format_money(Decimal(amount), currency, language) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("sv", "ons 2 dec. 12:00 · 4\u00a0800,00\u00a0kr"),
    ("fi", "ke 2.12. klo 13.00 · 4\u00a0800,00\u00a0kr"),
    ("en", "Wed 2 Dec 12:00 · SEK\u00a04,800.00")])
def test_template_filters_use_the_active_language_and_zone(language, expected):
    template = Template("{% load portal_format %}{{ at|when }} · {{ amount|money:'SEK' }}")
    zone = HELSINKI if language == "fi" else STOCKHOLM
    with translation.override(language), timezone.override(zone):
        assert template.render(Context({"at": NOON, "amount": Decimal("4800")})) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "promise", "until"), [
    ("sv", "ons 2 dec. 12:00", "till ons 12:00"),
    ("fi", "ke 2.12. klo 13.00", "ke klo 13.00"),
    ("en", "Wed 2 Dec 12:00", "until Wed 12:00")])
def test_start_promise_and_support_login_expiry_read_the_same_way(language, promise, until):
    with translation.override(language):
        office = "FI" if language == "fi" else "SE"
        table = calendar_table_get(office)
        assert office_day_clock(table, NOON) == promise
        assert until in until_label(table, NOON)
        assert office_clock(table, NOON) in until_label(table, NOON)


@pytest.mark.parametrize(("language", "hours", "status"), [
    ("sv", "08:00–12:00, 13:00–16:00", "16:00"),
    ("fi", "08.00–12.00, 13.00–16.00", "klo 16.00"),
    ("en", "08:00–12:00, 13:00–16:00", "16:00")])
def test_contact_page_hours_and_status_use_the_languages_clock(db, language, hours, status):
    from sla.presentation import office_status, weekly_hours_rows

    table = calendar_table_get("SE")
    # Wed 2 Dec 2026 09:00 in Stockholm: open, closing at 16:00.
    morning = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)
    with translation.override(language):
        rows = weekly_hours_rows(table.rules.weekly)
        text = str(office_status(table, now=morning).text)
    assert rows[0].hours == hours
    assert status in text
    assert ("16:00" in text) == (language != "fi")
