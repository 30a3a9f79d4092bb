"""What waits for a SuperUser on the portal's home: reads only, every one scoped through
``customers.access`` and bounded, so the page costs the same for a customer with ten cases
as for one with ten thousand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from cases.models import Case, CaseEvent, CostEstimate
from cases.selectors import with_last_public_word
from cases.sla import case_sla_state
from cases.workflows import OPEN_STATES, State
from customers.access import scope_to_customer
from knowledgebase.models import Article
from knowledgebase.selectors import article_queryset_for_user
from support_logins.models import SupportLoginGrant, active_at_q
from support_logins.presentation import time_left_label

from .models import SeatRequest

if TYPE_CHECKING:
    from accounts.models import User

ITEMS_PER_PANEL = 8
ACTIVITY_ITEMS = 10
NEW_ARTICLES = 5


@dataclass(frozen=True)
class ActiveLogin:
    grant: SupportLoginGrant
    time_left: str


@dataclass
class Dashboard:
    awaiting_reply: list[Case] = field(default_factory=list)
    estimates_to_accept: list[CostEstimate] = field(default_factory=list)
    active_logins: list[ActiveLogin] = field(default_factory=list)
    open_cases: list[Case] = field(default_factory=list)
    open_case_count: int = 0
    recent_activity: list[CaseEvent] = field(default_factory=list)
    new_articles: list[Article] = field(default_factory=list)


def _customer_cases(user: User) -> QuerySet[Case]:
    return scope_to_customer(Case.objects.all(), user=user)


def cases_awaiting_reply(*, user: User) -> QuerySet[Case]:
    """Open cases whose last word in the conversation is the customer centre's: the ball is
    in the customer's court."""
    return (with_last_public_word(_customer_cases(user).filter(state__in=OPEN_STATES))
            .filter(last_by_staff=True)
            .select_related("module").order_by("-last_reply_at", "-pk"))


def estimates_to_accept(*, user: User) -> QuerySet[CostEstimate]:
    """The current, unanswered estimate of each order waiting in "Cost estimate"."""
    newer = CostEstimate.objects.filter(case=OuterRef("case"), version__gt=OuterRef("version"))
    return (scope_to_customer(CostEstimate.objects.all(), user=user)
            .filter(case__state=State.COST_ESTIMATE, accepted_at__isnull=True,
                    superseded_at__isnull=True)
            .exclude(Exists(newer))
            .select_related("case").order_by("given_at", "pk"))


def active_support_logins(*, user: User, now: datetime) -> list[ActiveLogin]:
    grants = (scope_to_customer(SupportLoginGrant.objects.all(), user=user)
              .filter(active_at_q(now)).select_related("case").order_by("expires_at", "pk"))
    return [ActiveLogin(grant, time_left_label(grant.expires_at - now))
            for grant in grants[:ITEMS_PER_PANEL]]


def open_cases_by_deadline(*, user: User) -> QuerySet[Case]:
    """Open cases, the soonest start promise first; cases without one after them."""
    return (_customer_cases(user).filter(state__in=OPEN_STATES).select_related("module")
            .order_by("work_started_at", "start_deadline", "-registered_at", "-pk"))


def recent_activity(*, user: User) -> QuerySet[CaseEvent]:
    return (scope_to_customer(CaseEvent.objects.all(), user=user)
            .select_related("case", "actor").order_by("-at", "-pk"))


# What the home's panels show of each row (templates/portal/dashboard.html): the rest of a
# case's thirty columns, and everything of the actor but the name, is not read.
_CASE_LINK = ("number", "subject", "customer_id")
_OPEN_CASE = (*_CASE_LINK, "category", "state", "start_deadline", "start_at_risk_from",
              "work_started_at")
_EVENT = ("at", "kind", "to_state", "case__number", "case__category", "case__customer_id",
          "actor__first_name", "actor__last_name", "actor__email", "actor__is_staff")


def dashboard_for_user(*, user: User, now: datetime, language: str = "") -> Dashboard:
    """``language``: the reader's; "What is new in the FAQ" lists articles in it (all
    languages when empty), as the FAQ itself does by default."""
    open_cases = list(open_cases_by_deadline(user=user).select_related(None)
                      .only(*_OPEN_CASE)[:ITEMS_PER_PANEL])
    for case in open_cases:
        case.sla = case_sla_state(case, now=now)
    articles = article_queryset_for_user(user=user)
    if language:
        articles = articles.filter(language=language)
    new_articles = (articles
                    .only("pk", "question", "language", "updated_at")
                    .order_by("-updated_at", "-pk")[:NEW_ARTICLES])
    return Dashboard(
        awaiting_reply=list(cases_awaiting_reply(user=user).select_related(None)
                            .only(*_CASE_LINK)[:ITEMS_PER_PANEL]),
        estimates_to_accept=list(estimates_to_accept(user=user)
                                 .only("amount", "currency", "given_at", "case__number",
                                       "case__subject", "case__customer_id")[:ITEMS_PER_PANEL]),
        active_logins=active_support_logins(user=user, now=now),
        open_cases=open_cases,
        open_case_count=open_cases_by_deadline(user=user).count(),
        recent_activity=list(recent_activity(user=user).only(*_EVENT)[:ACTIVITY_ITEMS]),
        new_articles=list(new_articles),
    )


def last_seat_request(*, user: User, now: datetime) -> SeatRequest | None:
    """The person's seat request still within the quiet interval, if any."""
    since = now - timedelta(hours=settings.SEAT_REQUEST_INTERVAL_HOURS)
    return (SeatRequest.objects.filter(user=user, requested_at__gt=since)
            .order_by("-requested_at").first())


def billing_contact(office: str) -> dict[str, str]:
    return settings.BILLING_CONTACTS.get(office) or next(iter(settings.BILLING_CONTACTS.values()))
