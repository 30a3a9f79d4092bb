"""The start-of-work target as a fact: its time in opening hours is stored when work starts,
and recomputed from the case's history when a calendar is corrected afterwards."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from cases.services import case_message_add
from sla.models import SupportCalendar
from sla.services import day_override_set
from tests.factories import register_case

pytestmark = pytest.mark.django_db

UTC = dt.UTC
HOUR = 3600


def stockholm(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """February 2026 is CET (UTC+1) throughout."""
    return dt.datetime(2026, 2, day, hour - 1, minute, tzinfo=UTC)


@pytest.fixture
def specialist(crafts_specialist):
    return crafts_specialist


@pytest.fixture
def reporter(crafts_reporter):
    return crafts_reporter


def started(reporter, specialist, *, registered: dt.datetime, answered: dt.datetime):
    case = register_case(reporter=reporter, service_level=3, now=registered)
    case_message_add(case=case, by=specialist, body="We are on it.", now=answered)
    case.refresh_from_db()
    return case


def test_nothing_is_stored_before_work_starts(reporter):
    case = register_case(reporter=reporter, service_level=3, now=stockholm(11, 9))
    assert case.start_open_seconds is None


def test_within_one_morning(reporter, specialist):
    # Wed 11 Feb 09:00 → 11:30 Stockholm, before the 12–13 lunch: 2 h 30 min.
    case = started(reporter, specialist, registered=stockholm(11, 9),
                   answered=stockholm(11, 11, 30))
    assert case.start_open_seconds == int(2.5 * HOUR)


def test_over_lunch_and_a_night(reporter, specialist):
    # Wed 11:00 → Thu 09:00: 11–12 and 13–16 on Wednesday, 08–09 on Thursday = 5 h.
    case = started(reporter, specialist, registered=stockholm(11, 11),
                   answered=stockholm(12, 9))
    assert case.start_open_seconds == 5 * HOUR


def test_a_weekend_counts_nothing(reporter, specialist):
    # Registered Sat 14 Feb, answered Mon 16 Feb 09:30: only Monday 08:00–09:30 counts.
    case = started(reporter, specialist, registered=stockholm(14, 10),
                   answered=stockholm(16, 9, 30))
    assert case.start_open_seconds == int(1.5 * HOUR)


def test_a_calendar_corrected_afterwards_is_counted_by_the_recompute(reporter, specialist):
    # Wed 11:00 → Thu 09:00 is 5 h; then Thursday turns out to have opened at 08:30.
    case = started(reporter, specialist, registered=stockholm(11, 11), answered=stockholm(12, 9))
    deadline_before = case.start_deadline
    day_override_set(calendar=SupportCalendar.objects.get(office="SE"), day=dt.date(2026, 2, 12),
                     intervals=[(dt.time(8, 30), dt.time(16))], note="Staff meeting")
    case.refresh_from_db()
    assert case.start_open_seconds == 5 * HOUR  # history is not rewritten by itself
    out = StringIO()
    call_command("sla_targets_recompute", "--office", "SE", stdout=out)
    case.refresh_from_db()
    assert case.start_open_seconds == int(4.5 * HOUR)
    assert case.start_deadline != deadline_before
    assert "Recomputed" in out.getvalue()


def test_a_case_reopened_after_delivery_keeps_its_first_start(reporter, specialist):
    from tests.factories import deliver_case

    case = started(reporter, specialist, registered=stockholm(11, 9),
                   answered=stockholm(11, 11, 30))
    deliver_case(case, now=stockholm(13, 10), by=specialist)
    case_message_add(case=case, by=reporter, body="It is back.", now=stockholm(16, 9))
    case.refresh_from_db()
    assert case.state == "assessed"  # reopened
    assert case.start_open_seconds == int(2.5 * HOUR)
    call_command("sla_targets_recompute", stdout=StringIO())
    case.refresh_from_db()
    assert case.start_open_seconds == int(2.5 * HOUR)


def summer(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """Stockholm in summer time (CEST, UTC+2), from 29 March 2026."""
    return dt.datetime(2026, month, day, hour - 2, minute, tzinfo=UTC)


def test_across_the_change_to_summer_time(reporter, specialist):
    # Fri 27 Mar 15:00 CET → Mon 30 Mar 09:00 CEST: Friday 15–16 and Monday 08–09 = 2 h,
    # though the clocks moved an hour in between.
    case = started(reporter, specialist, registered=dt.datetime(2026, 3, 27, 14, 0, tzinfo=UTC),
                   answered=summer(3, 30, 9))
    assert case.start_open_seconds == 2 * HOUR


def test_an_eve_and_the_easter_holidays(reporter, specialist):
    # Maundy Thursday 2 Apr (the eve of Good Friday) is open 08–12; Good Friday to Easter
    # Monday are closed. Thu 10:00 → Tue 7 Apr 09:00: 2 h on the eve + 1 h on Tuesday.
    case = started(reporter, specialist, registered=summer(4, 2, 10),
                   answered=summer(4, 7, 9))
    assert case.start_open_seconds == 3 * HOUR


def test_registered_on_a_holiday_counts_from_the_next_opening(reporter, specialist):
    # Registered on Easter Monday 6 Apr, answered Tue 7 Apr 08:45: 45 minutes.
    case = started(reporter, specialist, registered=summer(4, 6, 11),
                   answered=summer(4, 7, 8, 45))
    assert case.start_open_seconds == 45 * 60
