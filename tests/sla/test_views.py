from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from sla.calendar import CalendarRules, OpeningTable, explain
from sla.holiday_source import default_rules
from sla.presentation import explanation_text, office_status, weekly_hours_rows

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HELSINKI = ZoneInfo("Europe/Helsinki")


def status(table, *moment: int, tz=STOCKHOLM) -> str:
    return office_status(table, now=datetime(*moment, tzinfo=tz)).text


class TestStatusInEnglish:
    @pytest.fixture(autouse=True)
    def english(self):
        with translation.override("en"):
            yield

    @pytest.mark.parametrize(
        "moment, text",
        [
            ((2026, 2, 10, 9), "Open now, closes 16:00 today (lunch break 12:00–13:00)"),
            ((2026, 2, 10, 14), "Open now, closes 16:00 today"),
            ((2026, 2, 10, 12, 30), "Closed, opens 13:00 today"),
            ((2026, 2, 10, 7), "Closed, opens 08:00 today"),
            ((2026, 2, 13, 16), "Closed, opens Mon 08:00"),
            ((2026, 12, 23, 9), "Open now, closes 12:00 today (day before a holiday)"),
            ((2026, 12, 23, 12), "Closed, opens Mon 08:00"),
        ],
    )
    def test_sweden(self, se, moment, text):
        assert status(se, *moment) == text

    def test_finnish_eve_with_lunch(self, fi):
        assert status(fi, 2026, 12, 23, 9, tz=HELSINKI) == (
            "Open now, closes 14:00 today (day before a holiday; lunch break 11:00–12:00)"
        )
        assert office_status(fi, now=datetime(2026, 12, 23, 9, tzinfo=HELSINKI)).is_open

    def test_long_closures_name_the_date(self):
        base = default_rules("SE", years=range(2026, 2029))
        rules = CalendarRules(
            office="SE",
            time_zone=base.time_zone,
            weekly=base.weekly,
            eve_closes_at=base.eve_closes_at,
            closed_days=base.closed_days,
            day_overrides={date(2026, 12, 28) + timedelta(days=n): () for n in range(12)},
        )
        table = OpeningTable(rules, first_year=2026, last_year=2027)
        assert status(table, 2026, 12, 23, 13) == "Closed, opens Mon 11 Jan 08:00"

    def test_weekly_rows_group_equal_days(self, fi):
        rows = [(row.days, row.hours) for row in weekly_hours_rows(fi.rules.weekly)]
        assert rows == [
            ("Mon–Thu", "08:00–11:00, 12:00–16:00"),
            ("Fri", "08:00–11:00, 12:00–14:00"),
            ("Sat–Sun", "Closed"),
        ]

    def test_explanation_text(self, se):
        start = datetime(2026, 2, 10, 8, tzinfo=STOCKHOLM)
        end = datetime(2026, 2, 10, 14, 30, tzinfo=STOCKHOLM)
        assert explanation_text(explain(se, start, end)) == (
            "Tue 08:00–12:00 (4 h), Tue 13:00–14:30 (1 h 30 min)"
        )


class TestStatusInSwedish:
    def test_weekday_names_follow_the_language(self, se):
        with translation.override("sv"):
            closed = status(se, 2026, 2, 13, 16)
            assert "mån" in closed and "08:00" in closed
            assert "16:00" in status(se, 2026, 2, 10, 14)
            assert [row.days for row in weekly_hours_rows(se.rules.weekly)] == [
                "mån–fre",
                "lör–sön",
            ]
        with translation.override("en"):
            assert status(se, 2026, 2, 13, 16) != closed


@pytest.mark.django_db
class TestContactPage:
    @pytest.fixture
    def frozen(self, monkeypatch):
        def freeze(moment: datetime) -> None:
            monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

        return freeze

    @override_settings(SUPPORT_EMAIL_SE="support@example.se", SUPPORT_EMAIL_FI="tuki@example.fi")
    def test_shows_both_offices_with_status_hours_and_email(
        self, client, frozen, django_assert_max_num_queries
    ):
        # Tuesday 10:30 in Stockholm is 11:30 in Helsinki: SE open, FI at lunch.
        frozen(datetime(2026, 2, 10, 10, 30, tzinfo=STOCKHOLM))
        client.get(reverse("contact"))  # builds the opening tables once
        # Two reads of ours (stamps, calendars) plus the session and user of the layout.
        with translation.override("en"), django_assert_max_num_queries(4):
            response = client.get(reverse("contact"), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert "sla/contact.html" in [t.name for t in response.templates]
        page = response.content.decode()
        assert "Open now, closes 16:00 today (lunch break 12:00–13:00)" in page
        assert "Closed, opens 12:00 today" in page
        assert page.index("support@example.se") < page.index("tuki@example.fi")
        assert "08:00–11:00, 12:00–14:00" in page  # FI Friday and eve hours

    def test_status_in_swedish(self, client, frozen):
        frozen(datetime(2026, 2, 13, 17, tzinfo=STOCKHOLM))  # Friday evening
        with translation.override("sv"):
            response = client.get(reverse("contact"), HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 200
        [se_status] = re.findall(r'data-office-status="SE">([^<]*)<', response.content.decode())
        assert "mån" in se_status and "08:00" in se_status

    def test_outside_the_calendar_window_shows_hours_without_status(self, client, frozen):
        frozen(datetime(2099, 2, 13, 10, tzinfo=STOCKHOLM))
        response = client.get(reverse("contact"))
        assert response.status_code == 200
        assert "data-office-status" not in response.content.decode()
        assert "08:00–12:00, 13:00–16:00" in response.content.decode()
