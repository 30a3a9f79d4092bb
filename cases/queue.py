"""The specialists' queues: the saved views the admin opens on ("my cases", "my team,
unassigned", "at risk and breached", "waiting for the customer"), as conditions on open
cases, and their counts in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_manager

from .models import Case
from .selectors import case_sla_state_q, with_last_public_word
from .sla import SlaState
from .workflows import OPEN_STATES


class Queue(StrEnum):
    MINE = "mine"
    UNASSIGNED = "unassigned"
    AT_RISK = "at_risk"
    WAITING = "waiting"


QUEUE_VALUES = frozenset(queue.value for queue in Queue)

QUEUE_LABELS: dict[Queue, Promise] = {
    Queue.MINE: _("My cases"),
    Queue.UNASSIGNED: _("My team, unassigned"),
    Queue.AT_RISK: _("At risk and breached"),
    Queue.WAITING: _("Waiting for the customer"),
}
QUEUE_HELP: dict[Queue, Promise] = {
    Queue.MINE: _("Open cases assigned to you."),
    Queue.UNASSIGNED: _("Open cases of your team that nobody has taken yet."),
    Queue.AT_RISK: _("Work has not started and the start promise is near or passed; soonest "
                     "deadline first."),
    Queue.WAITING: _("We had the last word: the customer is to answer."),
}
# How each queue is sorted in the changelist: what needs doing first on top.
QUEUE_ORDERING: dict[Queue, tuple[str, ...]] = {
    Queue.MINE: ("start_deadline", "-registered_at"),
    Queue.UNASSIGNED: ("registered_at",),
    Queue.AT_RISK: ("start_deadline", "pk"),
    # (The changelist also orders querysets without the annotation: a column, not last_reply_at.)
    Queue.WAITING: ("updated_at", "pk"),
}


def _team_q(user: User) -> Q:
    """A specialist's queues are their team's; a manager's (or teamless staff's) all teams."""
    if is_manager(user) or not user.support_team:
        return Q()
    return Q(team=user.support_team)


def queue_q(queue: Queue, *, user: User, now: datetime) -> Q:
    """The queue's condition on open cases annotated by ``with_last_public_word``."""
    if queue == Queue.MINE:
        return Q(assignee=user)
    team = _team_q(user)
    if queue == Queue.UNASSIGNED:
        return team & Q(assignee__isnull=True)
    if queue == Queue.AT_RISK:
        # Only cases still waiting for work: one started late is history, not a task.
        return team & Q(work_started_at__isnull=True) & (
            case_sla_state_q(SlaState.AT_RISK, now=now) | case_sla_state_q(SlaState.BREACHED, now=now))
    return team & Q(last_by_staff=True)


def queue_cases(queue: Queue, *, user: User, now: datetime,
                cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    cases = Case.objects.all() if cases is None else cases
    return (with_last_public_word(cases.filter(state__in=OPEN_STATES))
            .filter(queue_q(queue, user=user, now=now)))


@dataclass(frozen=True)
class QueueView:
    queue: Queue
    label: Promise
    help: Promise
    count: int


def queue_views(*, user: User, now: datetime) -> list[QueueView]:
    """Every queue with its count, in one query."""
    open_cases = with_last_public_word(Case.objects.filter(state__in=OPEN_STATES))
    counts = open_cases.aggregate(**{
        queue.value: Count("pk", filter=queue_q(queue, user=user, now=now)) for queue in Queue})
    return [QueueView(queue, QUEUE_LABELS[queue], QUEUE_HELP[queue], counts[queue.value])
            for queue in Queue]
