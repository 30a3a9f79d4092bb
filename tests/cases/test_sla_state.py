import datetime as dt

import pytest

from cases.sla import SlaState, sla_state

T0 = dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


def state(now, started=None):
    return sla_state(now=now, start_deadline=T0 + 4 * H, start_at_risk_from=T0 + 3 * H,
                     work_started_at=started)


def test_states_over_time():
    assert state(T0 + H) == SlaState.ON_TRACK
    assert state(T0 + 3 * H) == SlaState.AT_RISK
    assert state(T0 + 4 * H) == SlaState.BREACHED
    assert state(T0 + 9 * H, started=T0 + 4 * H) == SlaState.MET
    assert state(T0 + 9 * H, started=T0 + 4 * H + dt.timedelta(seconds=1)) == SlaState.BREACHED


def test_cases_without_level_have_no_sla_state():
    assert sla_state(now=T0, start_deadline=None, start_at_risk_from=None,
                     work_started_at=None) is None


@pytest.mark.django_db
def test_the_database_filter_agrees_with_the_badge_on_every_boundary():
    """One definition of the SLA state: cases.selectors.case_sla_state_q selects exactly
    the cases that cases.sla.case_sla_state labels so, at instants on and around every
    stored boundary."""
    from cases.models import Case
    from cases.selectors import case_sla_state_q
    from cases.sla import case_sla_state
    from tests.factories import register_case

    second = dt.timedelta(seconds=1)
    starts = [None, T0 + 2 * H, T0 + 3 * H, T0 + 4 * H, T0 + 4 * H + second, T0 + 6 * H]
    for started in starts:
        case = register_case()
        Case.objects.filter(pk=case.pk).update(
            start_deadline=T0 + 4 * H, start_at_risk_from=T0 + 3 * H, work_started_at=started)
    register_case(category="support")  # no level, no SLA state
    cases = list(Case.objects.all())
    moments = [T0, T0 + 3 * H - second, T0 + 3 * H, T0 + 4 * H - second, T0 + 4 * H,
               T0 + 4 * H + second, T0 + 9 * H]
    for now in moments:
        for state in SlaState:
            in_sql = set(Case.objects.filter(case_sla_state_q(state, now=now))
                         .values_list("pk", flat=True))
            in_python = {c.pk for c in cases if case_sla_state(c, now=now) == state}
            assert in_sql == in_python, (now, state)
