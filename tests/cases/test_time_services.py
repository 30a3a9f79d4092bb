"""Logging time: who may, and the billing rule applied to what is stored."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accounts.roles import MANAGERS
from cases.models import CaseEvent, TimeEntry
from cases.services import case_estimate_give
from cases.time_services import time_entry_log
from cases.workflows import Category
from tests.factories import (
    WEDNESDAY_MORNING,
    StaffFactory,
    make_specialist,
    order_with_accepted_estimate,
    register_case,
)

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.date(2026, 2, 11)
LATER = WEDNESDAY_MORNING + dt.timedelta(hours=3)


@pytest.fixture
def specialist():
    return make_specialist(support_team="crafts")


def log(case, by, **kwargs):
    arguments = {"duration_text": "1:30", "note": "Checked the printer queue",
                 "customer_environment": False, "worked_on": WEDNESDAY, "now": LATER, **kwargs}
    return time_entry_log(case=case, by=by, **arguments)


@pytest.mark.parametrize(("customer_environment", "billable"), [(True, True), (False, False)])
@pytest.mark.parametrize("category", [Category.SUPPORT_QUESTION, Category.SOFTWARE_BUG])
def test_support_time_is_billable_only_when_the_customers_environment_caused_it(
        specialist, category, customer_environment, billable):
    case = register_case(category=category, now=WEDNESDAY_MORNING)
    entry = log(case, specialist, customer_environment=customer_environment)
    entry.refresh_from_db()
    assert (entry.minutes, entry.billable, entry.specialist, entry.worked_on) == (
        90, billable, specialist, WEDNESDAY)
    assert entry.note == "Checked the printer queue"


@pytest.mark.parametrize("customer_environment", [True, False])
def test_an_orders_time_is_billable_once_the_estimate_is_accepted(specialist, customer_environment):
    order = order_with_accepted_estimate(now=WEDNESDAY_MORNING)
    entry = log(order, specialist, customer_environment=customer_environment)
    assert entry.billable is True


def test_order_time_for_a_day_before_the_acceptance_is_not_billable(specialist):
    order = order_with_accepted_estimate(now=WEDNESDAY_MORNING)
    entry = log(order, specialist, worked_on=WEDNESDAY - dt.timedelta(days=1))
    assert entry.billable is False


@pytest.mark.parametrize("customer_environment", [True, False])
def test_order_time_before_any_accepted_estimate_is_never_billable(specialist, customer_environment):
    order = register_case(category=Category.ORDER, now=WEDNESDAY_MORNING)
    assert log(order, specialist, customer_environment=customer_environment).billable is False


def test_a_changed_estimate_waits_for_a_new_acceptance(specialist):
    order = order_with_accepted_estimate(now=WEDNESDAY_MORNING)
    case_estimate_give(case=order, by=specialist, amount=Decimal("9600.00"), text="Four hours",
                       currency="SEK", now=LATER)
    assert log(order, specialist, now=LATER + dt.timedelta(minutes=5)).billable is False


def test_minutes_may_be_given_as_a_number(specialist):
    case = register_case(now=WEDNESDAY_MORNING)
    entry = time_entry_log(case=case, by=specialist, minutes=45, note="", customer_environment=True,
                           worked_on=WEDNESDAY, now=LATER)
    assert (entry.minutes, entry.billable) == (45, True)


def test_exactly_one_of_text_and_minutes(specialist):
    case = register_case(now=WEDNESDAY_MORNING)
    with pytest.raises(TypeError):
        log(case, specialist, minutes=30)
    with pytest.raises(TypeError):
        log(case, specialist, duration_text=None)


def test_logging_writes_no_case_event(specialist):
    case = register_case(now=WEDNESDAY_MORNING)
    before = CaseEvent.objects.filter(case=case).count()
    log(case, specialist)
    assert CaseEvent.objects.filter(case=case).count() == before


def test_a_customer_cannot_log_time():
    case = register_case(now=WEDNESDAY_MORNING)
    with pytest.raises(PermissionDenied):
        log(case, case.reporter)
    assert not TimeEntry.objects.exists()


def test_the_other_teams_specialist_cannot_log_time_on_the_case():
    case = register_case(now=WEDNESDAY_MORNING)  # the default customer is the crafts team's
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        log(case, make_specialist(support_team="trade"))
    assert "only that team or a manager" in str(refused.value)
    assert not TimeEntry.objects.exists()


def test_a_manager_of_no_team_may_log_time_on_any_case():
    manager = StaffFactory(support_team="")
    manager.groups.add(Group.objects.get(name=MANAGERS))
    case = register_case(now=WEDNESDAY_MORNING)
    assert log(case, manager).specialist == manager


def test_a_transfer_is_seen_even_through_a_stale_case_object(specialist):
    case = register_case(now=WEDNESDAY_MORNING)
    type(case).objects.filter(pk=case.pk).update(team="trade")
    with pytest.raises(PermissionDenied):
        log(case, specialist)  # ``case.team`` still says crafts here


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"duration_text": "soon"}, "duration_invalid"),
    ({"duration_text": "0"}, "duration_zero"),
    ({"duration_text": None, "minutes": 0}, "duration_zero"),
    ({"duration_text": "25:00"}, "duration_too_long"),
])
def test_impossible_durations_are_refused(specialist, kwargs, code):
    case = register_case(now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError) as refused:
        log(case, specialist, **kwargs)
    assert refused.value.code == code
    assert not TimeEntry.objects.exists()


def test_work_cannot_be_logged_for_a_day_still_to_come_in_the_office(specialist):
    case = register_case(now=WEDNESDAY_MORNING)
    # 23:30 UTC on Wednesday is already Thursday in Stockholm: Thursday may be logged.
    late_evening = dt.datetime(2026, 2, 11, 23, 30, tzinfo=dt.UTC)
    assert log(case, specialist, worked_on=dt.date(2026, 2, 12), now=late_evening).worked_on
    with pytest.raises(ValidationError) as refused:
        log(case, specialist, worked_on=dt.date(2026, 2, 13), now=late_evening)
    assert refused.value.code == "worked_on_in_future"


def test_a_too_long_note_is_refused(specialist):
    case = register_case(now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError):
        log(case, specialist, note="x" * 201)
