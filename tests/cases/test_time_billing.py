"""The billing rule for logged time and reading a typed duration: plain functions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases.time_billing import (
    MAX_ENTRY_MINUTES,
    duration_minutes_check,
    duration_minutes_parse,
    duration_text,
    estimate_covers_work,
    month_days,
    time_is_billable,
)
from cases.workflows import Category


@pytest.mark.parametrize(("category", "estimate_accepted", "customer_environment", "billable"), [
    # Orders: the accepted estimate decides, the tick does not.
    (Category.ORDER, True, False, True),
    (Category.ORDER, True, True, True),
    (Category.ORDER, False, False, False),
    (Category.ORDER, False, True, False),
    # Everything else: only the customer's own environment.
    (Category.SUPPORT_QUESTION, False, False, False),
    (Category.SUPPORT_QUESTION, False, True, True),
    (Category.SOFTWARE_BUG, False, True, True),
    (Category.SOFTWARE_BUG, True, False, False),
    (Category.WISH, False, True, True),
    (Category.WISH, False, False, False),
])
def test_time_is_billable(category, estimate_accepted, customer_environment, billable):
    assert time_is_billable(category=category, estimate_accepted=estimate_accepted,
                            customer_environment=customer_environment) is billable


@pytest.mark.parametrize(("accepted_on", "worked_on", "covered"), [
    (None, dt.date(2026, 2, 11), False),
    (dt.date(2026, 2, 11), dt.date(2026, 2, 10), False),
    (dt.date(2026, 2, 11), dt.date(2026, 2, 11), True),
    (dt.date(2026, 2, 11), dt.date(2026, 3, 1), True),
])
def test_estimate_covers_work_from_the_day_of_acceptance(accepted_on, worked_on, covered):
    assert estimate_covers_work(accepted_on=accepted_on, worked_on=worked_on) is covered


@pytest.mark.parametrize(("text", "minutes"), [
    ("1:30", 90), ("0:05", 5), ("10:00", 600), (" 2:15 ", 135),
    ("90", 90), ("5", 5), ("1440", 1440),
    ("1h 30m", 90), ("1h30m", 90), ("1 h 30 min", 90), ("2h", 120), ("45m", 45),
    ("45 min", 45), ("1H 30M", 90), ("1 hour 15 minutes", 75), ("3 hours", 180),
    ("1,5 h", 90), ("1.5h", 90), ("0,25 h", 15), ("1,51 h", 91), ("0,01 h", 1),
    ("2 tim", 120), ("1 t 15 min", 75), ("1 timme 30 minuter", 90), ("2 tuntia", 120),
    ("1,5 h 10 min", 100),
])
def test_duration_parses(text, minutes):
    assert duration_minutes_parse(text) == minutes


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "1,5", "1.5", "1:3", "1:75", "-30", "+30", "1h 30", "h", "min", "1 d",
    "1:30:00", "½ h", "٩٠", "1,5,5 h", "30m 1h", "1e3", "0x10",
])
def test_duration_refuses_what_it_cannot_read(text):
    with pytest.raises(ValidationError) as refused:
        duration_minutes_parse(text)
    assert refused.value.code == "duration_invalid"
    assert "1:30" in refused.value.messages[0]


@pytest.mark.parametrize(("text", "code"), [
    ("0", "duration_zero"), ("0:00", "duration_zero"), ("0h", "duration_zero"),
    ("0,00 h", "duration_zero"), ("0,5 min", "duration_invalid"),
    ("1441", "duration_too_long"), ("24:01", "duration_too_long"), ("25 h", "duration_too_long"),
    ("99999", "duration_too_long"),
])
def test_duration_refuses_impossible_lengths(text, code):
    with pytest.raises(ValidationError) as refused:
        duration_minutes_parse(text)
    assert refused.value.code == code


def test_minutes_given_as_a_number_are_checked_the_same_way():
    assert duration_minutes_check(MAX_ENTRY_MINUTES) == MAX_ENTRY_MINUTES
    with pytest.raises(ValidationError):
        duration_minutes_check(0)
    with pytest.raises(ValidationError):
        duration_minutes_check(MAX_ENTRY_MINUTES + 1)


@pytest.mark.parametrize(("minutes", "text"), [(90, "1:30"), (5, "0:05"), (600, "10:00"), (0, "0:00")])
def test_duration_text_reads_back_as_typed(minutes, text):
    assert duration_text(minutes) == text
    if minutes:
        assert duration_minutes_parse(text) == minutes


@pytest.mark.parametrize(("year", "month", "first", "after"), [
    (2026, 2, dt.date(2026, 2, 1), dt.date(2026, 3, 1)),
    (2026, 12, dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
])
def test_month_days_is_half_open(year, month, first, after):
    assert month_days(year=year, month=month) == (first, after)
