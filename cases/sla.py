"""SLA state of a case: on track, at risk, breached or met. Plain functions of stored times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from django.utils.translation import gettext_lazy as _

from sla.calendar import OpeningTable, add_open_time, open_time_between
from sla.rules import resolution_goal, start_deadline

AT_RISK_SHARE = 0.75


class SlaState(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    MET = "met"

    @property
    def label(self) -> str:
        return str(SLA_STATE_LABELS[self])


SLA_STATE_LABELS = {
    SlaState.ON_TRACK: _("On track"),
    SlaState.AT_RISK: _("At risk"),
    SlaState.BREACHED: _("Breached"),
    SlaState.MET: _("Met"),
}


@dataclass(frozen=True)
class SlaDeadlines:
    start_deadline: datetime
    start_at_risk_from: datetime
    resolution_goal: datetime


def sla_deadlines(table: OpeningTable, *, registered_at: datetime, level: int) -> SlaDeadlines:
    """All stored SLA instants of a bug at ``level`` registered at ``registered_at``."""
    deadline = start_deadline(table, registered_at, level)
    window = open_time_between(table, registered_at, deadline)
    return SlaDeadlines(
        start_deadline=deadline,
        start_at_risk_from=add_open_time(table, registered_at, window * AT_RISK_SHARE),
        resolution_goal=resolution_goal(table, registered_at, level),
    )


def sla_state(
    *, now: datetime, start_deadline: datetime | None, start_at_risk_from: datetime | None,
    work_started_at: datetime | None,
) -> SlaState | None:
    """None for cases without an SLA level (questions, orders, wishes)."""
    if start_deadline is None:
        return None
    if work_started_at is not None:
        return SlaState.MET if work_started_at <= start_deadline else SlaState.BREACHED
    if now >= start_deadline:
        return SlaState.BREACHED
    if start_at_risk_from is not None and now >= start_at_risk_from:
        return SlaState.AT_RISK
    return SlaState.ON_TRACK


class HasSlaTimes(Protocol):
    start_deadline: datetime | None
    start_at_risk_from: datetime | None
    work_started_at: datetime | None


def case_sla_state(case: HasSlaTimes, *, now: datetime) -> SlaState | None:
    """`sla_state` of anything carrying the stored SLA instants (a Case row)."""
    return sla_state(now=now, start_deadline=case.start_deadline,
                     start_at_risk_from=case.start_at_risk_from,
                     work_started_at=case.work_started_at)


def open_time_left(table: OpeningTable, *, now: datetime, deadline: datetime) -> timedelta:
    """Open time until ``deadline``; negative when it has passed (how far over, in open time)."""
    if now <= deadline:
        return open_time_between(table, now, deadline)
    return -open_time_between(table, deadline, now)
