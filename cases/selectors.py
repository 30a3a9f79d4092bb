"""Reads on cases. Customer-facing ones start from customers.access, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet

from accounts.models import User
from accounts.roles import MANAGERS
from customers.access import get_for_customer_or_404, scope_to_customer

from .models import Attachment, Case, CaseEvent, CaseRating, CostEstimate, Message
from .rules import reopen_window_ends_at, reopen_window_is_open
from .sla import SlaState
from .workflows import (
    OPEN_STATES,
    RESOLVED_STATES,
    Category,
    Guard,
    State,
    step_name,
    what_happens_now,
    workflow_progress,
)


@dataclass(frozen=True)
class CaseListFilters:
    category: str = ""
    state: str = ""
    # The workflow the state filter was chosen in (the same state exists in several).
    state_category: str = ""
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
    if filters.state_category:
        cases = cases.filter(category=filters.state_category)
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
                  "module__name", "module__name_sv", "module__name_fi", "module__name_en",
                  "reporter__first_name", "reporter__last_name",
                  "reporter__email")
            .order_by("category", "-registered_at", "-pk"))


def case_get_for_user(*, user: User, number: str) -> Case:
    return get_for_customer_or_404(
        Case.objects.select_related("module", "reporter", "customer", "assignee",
                                    "follow_up_of"),
        user=user, number=number)


def case_page_get_for_user(*, user: User, number: str) -> Case:
    """``case_get_for_user`` for showing the case page, which names the module and the
    reporter but neither the customer (the reader's own) nor the assignee: two joins fewer,
    and two rows of thirty-odd columns not turned into models. What the page asks of the
    customer (an order's estimate checks its payments) is the reader's own customer row,
    loaded with the reader. The case followed up, which few cases have, is read when there
    is one rather than joined (thirty-odd columns more) for all."""
    case = get_for_customer_or_404(
        Case.objects.select_related("module", "reporter"), user=user, number=number)
    if case.customer_id == user.customer_id:  # always, as scoped; kept should that change
        case.customer = user.customer
    return case


def case_reopen_window() -> timedelta:
    """How long after delivery or closing a customer's reply reopens a case."""
    return timedelta(days=settings.CASE_REOPEN_WINDOW_DAYS)


_MESSAGE_FIELDS = ("pk", "case_id", "author_id", "body", "event_kind", "event_params",
                   "is_internal", "created_at")
_SHOWN_AUTHOR = ("author__first_name", "author__last_name", "author__email", "author__is_staff")


def case_detail_for_customer(*, case: Case) -> dict:
    """What a customer sees of a case: public messages with their attachments, attachments
    of the case itself, and the history. Internal notes and their files never leave here."""
    # Of each author only what the conversation shows (name, email, staff or not): a user row
    # is twenty columns, and a long conversation reads its authors thirty times over.
    messages = list(Message.objects.filter(case=case, is_internal=False).select_related("author")
                    .only(*_MESSAGE_FIELDS, *_SHOWN_AUTHOR))
    # Grouped by message: only the case's own files (no message) and those of the public
    # messages above are taken out of this, so an internal note's files stay here without a
    # second join of the messages to exclude them (it cost more to build than to run).
    by_message: dict[int | None, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(case=case).only(
            "pk", "original_name", "size", "content_type", "message_id", "case_id"):
        by_message.setdefault(attachment.message_id, []).append(attachment)
    for message in messages:
        message.visible_attachments = by_message.get(message.pk, [])
    events = list(CaseEvent.objects.filter(case=case))
    estimate = CostEstimate.objects.current_for(case) if _has_estimate(case) else None
    holding = [Guard.ESTIMATE_ACCEPTED] if estimate is not None and estimate.is_accepted else []
    visited = {case.state, *(event.to_state for event in events if event.to_state)}
    return {
        "public_messages": messages,
        "events": events,
        "case_attachments": by_message.get(None, []),
        "estimate": estimate,
        "state_name": step_name(case.category, case.state),
        "progress": workflow_progress(case.category, current=case.state, visited=visited),
        "what_happens_now": what_happens_now(case.category, case.state, holding=holding),
    }


def case_resolved_from(*, case: Case) -> str:
    """The state a resolved case was resolved from: delivered, or the state it was closed
    in (a delivered case the customer then closed counts as delivered)."""
    if case.state == State.DELIVERED:
        return State.DELIVERED
    closing = (CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.STATE_CHANGED,
                                        to_state=State.CLOSED)
               .order_by("-at", "-pk").values_list("from_state", flat=True).first())
    return closing or ""


@dataclass(frozen=True)
class AfterDelivery:
    """What the page of a delivered or closed case offers: within the window a reply
    reopens it and the rating may change; after it, a follow-up case."""

    window_open: bool
    window_ends_at: datetime | None
    rating: CaseRating | None
    follow_ups: list[Case]


def case_after_delivery_for_user(*, user: User, case: Case,
                                 now: datetime) -> AfterDelivery | None:
    """None for an open case (nothing of this applies, and it costs no query)."""
    if case.state not in RESOLVED_STATES:
        return None
    window = case_reopen_window()
    return AfterDelivery(
        window_open=reopen_window_is_open(resolved_at=case.resolved_at, now=now, window=window),
        window_ends_at=reopen_window_ends_at(resolved_at=case.resolved_at, window=window),
        rating=scope_to_customer(CaseRating.objects.filter(case=case), user=user).first(),
        follow_ups=list(scope_to_customer(Case.objects.filter(follow_up_of=case), user=user)
                        .only("number", "subject", "state", "customer_id")
                        .order_by("registered_at")),
    )


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


def with_last_public_word(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate who had the last public word (``last_by_staff``) and when
    (``last_reply_at``). Portal-written events (a support login granted) are not words.
    ``last_by_staff=True`` is "waiting for the customer" on both sides of the desk."""
    return cases.annotate(last_by_staff=F("last_public_word_by_staff"),
                          last_reply_at=F("last_public_word_at"))


def case_assignee_candidates(*, case: Case) -> QuerySet[User]:
    """Who may handle the case (cases.rules.staff_may_act): active staff of its team, and
    managers, by name."""
    return (User.objects.filter(is_active=True, is_staff=True)
            .filter(Q(support_team=case.team) | Q(groups__name=MANAGERS))
            .distinct().order_by("first_name", "last_name", "email"))


@dataclass(frozen=True)
class SlaSummaryRow:
    month: date
    level: int
    bugs: int
    started_in_time: int
    started_late: int
    waiting_in_time: int
    waiting_late: int

    @property
    def kept_rate(self) -> float | None:
        """Of the bugs whose target is decided (started, or late already), the share kept."""
        decided = self.started_in_time + self.started_late + self.waiting_late
        return None if decided == 0 else self.started_in_time / decided

    @property
    def kept_percent(self) -> int | None:
        rate = self.kept_rate
        return None if rate is None else round(rate * 100)


def customer_sla_summary(*, user: User, now: datetime, since: datetime) -> list[SlaSummaryRow]:
    """The customer's own software bugs registered since ``since``, by month (in the
    office's time zone) and level: how many started within the promise. One grouped query;
    only the user's own customer's cases (customers.access)."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from sla.services import office_time_zone

    bugs = scope_to_customer(Case.objects.filter(category=Category.SOFTWARE_BUG,
                                                 registered_at__gte=since,
                                                 start_deadline__isnull=False), user=user)
    zone = office_time_zone(user.customer.office_country)
    rows = (bugs.annotate(month=TruncMonth("registered_at", tzinfo=zone))
            .values("month", "service_level")
            .annotate(bugs=Count("pk"),
                      started_in_time=Count("pk", filter=Q(work_started_at__lte=F("start_deadline"))),
                      started_late=Count("pk", filter=Q(work_started_at__gt=F("start_deadline"))),
                      waiting_in_time=Count("pk", filter=Q(work_started_at__isnull=True,
                                                           start_deadline__gt=now)),
                      waiting_late=Count("pk", filter=Q(work_started_at__isnull=True,
                                                        start_deadline__lte=now)))
            .order_by("-month", "service_level"))
    return [SlaSummaryRow(month=row["month"].date() if isinstance(row["month"], datetime)
                          else row["month"], level=row["service_level"], bugs=row["bugs"],
                          started_in_time=row["started_in_time"], started_late=row["started_late"],
                          waiting_in_time=row["waiting_in_time"], waiting_late=row["waiting_late"])
            for row in rows]
