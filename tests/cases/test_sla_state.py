import datetime as dt

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
