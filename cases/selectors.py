"""Reads on cases. Customer-facing ones start from customers.access, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, QuerySet

from accounts.models import User
from customers.access import get_for_customer_or_404, scope_to_customer

from .models import Attachment, Case, CaseEvent, CostEstimate, Message
from .sla import SlaState
from .workflows import OPEN_STATES, RESOLVED_STATES, Category


@dataclass(frozen=True)
class CaseListFilters:
    category: str = ""
    state: str = ""
    module_id: int | None = None
    mine: bool = False
    status: str = ""  # "open" / "resolved" / ""
    query: str = ""


def case_list_for_user(*, user: User, filters: CaseListFilters) -> QuerySet[Case]:
    cases = scope_to_customer(Case.objects.all(), user=user)
    if filters.category:
        cases = cases.filter(category=filters.category)
    if filters.state:
        cases = cases.filter(state=filters.state)
    if filters.module_id:
        cases = cases.filter(module_id=filters.module_id)
    if filters.mine:
        cases = cases.filter(reporter=user)
    if filters.status == "open":
        cases = cases.filter(state__in=OPEN_STATES)
    elif filters.status == "resolved":
        cases = cases.filter(state__in=RESOLVED_STATES)
    if filters.query:
        term = filters.query.strip()
        cases = cases.filter(Q(number__icontains=term) | Q(subject__icontains=term))
    # Sorted by category (as the brochures promise), newest first within each.
    return (cases.select_related("module", "reporter")
            .only("number", "subject", "category", "state", "service_level", "registered_at",
                  "start_deadline", "start_at_risk_from", "work_started_at", "customer_id",
                  "module__name", "reporter__first_name", "reporter__last_name",
                  "reporter__email")
            .order_by("category", "-registered_at", "-pk"))


def case_get_for_user(*, user: User, number: str) -> Case:
    return get_for_customer_or_404(
        Case.objects.select_related("module", "reporter", "customer", "assignee"),
        user=user, number=number)


def case_detail_for_customer(*, case: Case) -> dict:
    """What a customer sees of a case: public messages with their attachments, attachments
    of the case itself, and the history. Internal notes and their files never leave here."""
    messages = list(Message.objects.filter(case=case, is_internal=False).select_related("author"))
    attachments = (Attachment.objects.filter(case=case).exclude(message__is_internal=True)
                   .only("pk", "original_name", "size", "content_type", "message_id", "case_id"))
    by_message: dict[int | None, list[Attachment]] = {}
    for attachment in attachments:
        by_message.setdefault(attachment.message_id, []).append(attachment)
    for message in messages:
        message.visible_attachments = by_message.get(message.pk, [])
    return {
        "public_messages": messages,
        "events": list(CaseEvent.objects.filter(case=case)),
        "case_attachments": by_message.get(None, []),
        "estimate": CostEstimate.objects.current_for(case) if _has_estimate(case) else None,
    }


def _has_estimate(case: Case) -> bool:
    return case.category == Category.ORDER


def attachment_get_for_user(*, user: User, pk: int) -> Attachment:
    """An attachment the user may download: own customer's case, never an internal note's."""
    visible = Attachment.objects.select_related("case").filter(
        Q(message__isnull=True) | Q(message__is_internal=False))
    return get_for_customer_or_404(visible, user=user, pk=pk)


def case_sla_state_q(state: SlaState, *, now: datetime) -> Q:
    """The database twin of ``cases.sla.sla_state``: the cases in ``state`` at ``now``.
    Both are written from the same three stored instants, and a test checks that they
    agree on every boundary, so the admin filter and the badge never disagree."""
    not_started = Q(work_started_at__isnull=True, start_deadline__isnull=False)
    conditions = {
        SlaState.ON_TRACK: not_started & (Q(start_at_risk_from__isnull=True)
                                          | Q(start_at_risk_from__gt=now)) & Q(start_deadline__gt=now),
        SlaState.AT_RISK: not_started & Q(start_at_risk_from__lte=now, start_deadline__gt=now),
        SlaState.BREACHED: (not_started & Q(start_deadline__lte=now))
        | Q(work_started_at__gt=F("start_deadline")),
        SlaState.MET: Q(work_started_at__lte=F("start_deadline")),
    }
    return conditions[state]
