"""The breach watch: each start promise's "at risk" and "breached" crossings are recorded
once, when they happen (also after downtime), and the team hears of them during its
office's opening hours."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.breach_watch import breach_watch_notify, breach_watch_record, due_crossings
from cases.models import OutboxEmail, SlaWarning
from cases.services import case_transition
from cases.workflows import State
from sla.calendar import is_open, next_opening
from sla.services import calendar_table_get
from tests.factories import WEDNESDAY_MORNING, LicenceFactory, make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def team():
    return [make_specialist(support_team="crafts", language="sv"),
            make_specialist(support_team="crafts", language="fi")]


@pytest.fixture
def bug(team):
    reporter = make_superuser(licence=LicenceFactory(customer__industry="construction"))
    return register_case(reporter=reporter, service_level=2, now=WEDNESDAY_MORNING)


def warnings(case) -> list[tuple[str, dt.datetime]]:
    return list(SlaWarning.objects.filter(case=case).order_by("reached_at")
                .values_list("threshold", "reached_at"))


def first_closed_instant_after(at: dt.datetime) -> dt.datetime:
    table = calendar_table_get("SE")
    while is_open(table, at):
        at += dt.timedelta(minutes=30)
    return at


def test_nothing_is_recorded_before_the_promise_is_at_risk(bug):
    assert breach_watch_record(now=bug.start_at_risk_from - MINUTE) == 0
    assert warnings(bug) == []


def test_at_risk_is_recorded_once_however_often_the_watch_runs(bug):
    now = bug.start_at_risk_from + MINUTE
    assert breach_watch_record(now=now) == 1
    assert breach_watch_record(now=now + MINUTE) == 0
    assert warnings(bug) == [("at_risk", bug.start_at_risk_from)]


def test_after_downtime_both_crossings_are_recorded_with_their_own_instants(bug):
    assert breach_watch_record(now=bug.start_deadline + dt.timedelta(days=3)) == 2
    assert warnings(bug) == [("at_risk", bug.start_at_risk_from),
                             ("breached", bug.start_deadline)]


def test_a_started_or_closed_case_is_not_watched(bug, team):
    case_transition(case=bug, by=team[0], target=State.ESCALATED, now=bug.start_at_risk_from)
    assert breach_watch_record(now=bug.start_deadline + MINUTE) == 0


def test_the_team_is_told_once_in_its_own_language_during_opening_hours(bug, team):
    other_team = make_specialist(support_team="trade")
    now = bug.start_deadline + MINUTE
    breach_watch_record(now=now)
    assert is_open(calendar_table_get("SE"), now)
    assert breach_watch_notify(now=now) == 2  # at risk and breached, both pending
    emails = OutboxEmail.objects.filter(template__in=["sla_at_risk", "sla_breached"])
    assert sorted(emails.values_list("recipient", flat=True)) == sorted(
        [person.email for person in team] * 2)
    assert other_team.email not in emails.values_list("recipient", flat=True)
    assert {email.language for email in emails} == {"sv", "fi"}
    assert breach_watch_notify(now=now + MINUTE) == 0
    assert emails.count() == 4


def test_a_warning_at_night_waits_for_the_office_to_open(bug, team):
    night = first_closed_instant_after(bug.start_deadline)
    breach_watch_record(now=night)
    assert breach_watch_notify(now=night) == 0
    assert not OutboxEmail.objects.filter(template="sla_breached").exists()
    # Recorded when it happened, all the same.
    assert SlaWarning.objects.get(case=bug, threshold="breached").reached_at == bug.start_deadline
    opens = next_opening(calendar_table_get("SE"), night)
    assert breach_watch_notify(now=opens) == 2
    assert OutboxEmail.objects.filter(template="sla_breached").count() == len(team)


def test_a_warning_no_longer_needed_when_the_office_opens_is_not_sent(bug, team):
    night = first_closed_instant_after(bug.start_deadline)
    breach_watch_record(now=night)
    case_transition(case=bug, by=team[0], target=State.ESCALATED, now=night)
    opens = next_opening(calendar_table_get("SE"), night)
    assert breach_watch_notify(now=opens) == 0
    assert not OutboxEmail.objects.filter(template__startswith="sla_").exists()
    assert set(SlaWarning.objects.filter(case=bug).values_list("suppressed", flat=True)) == {True}


def test_finding_the_crossings_is_one_query(bug, django_assert_num_queries):
    register_case(reporter=bug.reporter, service_level=1, now=WEDNESDAY_MORNING)
    with django_assert_num_queries(1):
        rows = list(due_crossings("breached", now=bug.start_deadline + dt.timedelta(days=5)))
    assert len(rows) == 2
