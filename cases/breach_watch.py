"""The breach watch (a Celery beat job, cases.tasks.sla_breach_watch): finds start promises
that became at risk (≥ 75 % of the open time used, ``start_at_risk_from``) or were breached
(``start_deadline``), records each crossing once, and tells the case's team — during the
office's opening hours: a warning recorded at 03:00 is sent when the office opens.

Recording and telling are separate steps so that a breach is on record when it happens,
and so that the watch is correct after downtime: a crossing is found by comparing the
case's own instant with now, not by having been awake at the moment."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef

from accounts.models import User
from sla.calendar import is_open
from sla.services import calendar_table_get

from .models import Case, SlaWarning
from .notifications import notify
from .workflows import OPEN_STATES, RESOLVED_STATES

THRESHOLD_INSTANT = {SlaWarning.Threshold.AT_RISK: "start_at_risk_from",
                     SlaWarning.Threshold.BREACHED: "start_deadline"}
TEMPLATES = {SlaWarning.Threshold.AT_RISK: "sla_at_risk",
             SlaWarning.Threshold.BREACHED: "sla_breached"}
BATCH = 500


def due_crossings(threshold: str, *, now: datetime):
    """Open cases still waiting for work whose ``threshold`` instant has passed and which
    have no warning for it yet: one query on a partial index."""
    field = THRESHOLD_INSTANT[threshold]
    warned = SlaWarning.objects.filter(case=OuterRef("pk"), target=SlaWarning.Target.START,
                                       threshold=threshold)
    return (Case.objects.filter(work_started_at__isnull=True, **{f"{field}__lte": now})
            .exclude(state__in=sorted(RESOLVED_STATES))
            # By the instant, which walks the partial index (not the model's default order).
            .exclude(Exists(warned)).order_by(field, "pk").values_list("pk", field))


def breach_watch_record(*, now: datetime) -> int:
    """Record every threshold crossed since the last run; returns how many."""
    recorded = 0
    for threshold in THRESHOLD_INSTANT:
        while rows := list(due_crossings(threshold, now=now)[:BATCH]):
            # ignore_conflicts: two watches running at once record each crossing once.
            SlaWarning.objects.bulk_create(
                [SlaWarning(case_id=pk, target=SlaWarning.Target.START, threshold=threshold,
                            reached_at=reached_at, recorded_at=now) for pk, reached_at in rows],
                ignore_conflicts=True)
            recorded += len(rows)
            if len(rows) < BATCH:
                break
    return recorded


def _team(case: Case) -> list[User]:
    """Who hears of a case's promise: its team's specialists, and its handler (who may be
    a manager of no team)."""
    people = list(User.objects.filter(is_active=True, is_staff=True, support_team=case.team))
    if case.assignee_id and all(person.pk != case.assignee_id for person in people):
        people.append(case.assignee)
    return people


def breach_watch_notify(*, now: datetime) -> int:
    """Tell the teams of recorded warnings whose office is open now; returns how many
    warnings were sent. A warning no longer needed (work started, case closed) is marked
    suppressed instead. Rows are locked and skipped when locked, so two workers never send
    the same warning twice."""
    sent = 0
    open_offices = {office: is_open(calendar_table_get(office), now)
                    for office in Case.objects.filter(sla_warnings__notified_at__isnull=True)
                    .values_list("office", flat=True).distinct()}
    offices = [office for office, is_open_now in open_offices.items() if is_open_now]
    if not offices:
        return 0
    with transaction.atomic():
        pending = (SlaWarning.objects.select_for_update(skip_locked=True, of=("self",))
                   .filter(notified_at__isnull=True, case__office__in=offices)
                   .select_related("case", "case__assignee").order_by("recorded_at", "pk")[:BATCH])
        for warning in pending:
            case = warning.case
            warning.notified_at = now
            if case.work_started_at is not None or case.state not in OPEN_STATES:
                warning.suppressed = True
            else:
                for person in _team(case):
                    notify(case=case, recipient=person, template=TEMPLATES[warning.threshold],
                           deadline=case.start_deadline.isoformat())
                sent += 1
            warning.save(update_fields=["notified_at", "suppressed"])
    return sent
