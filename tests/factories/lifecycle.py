"""Cases taken to the end of their workflow through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.models import User
from cases import services
from cases.models import Case
from cases.workflows import Category, State, workflow_for

from .cases import register_case
from .core import StaffFactory

__all__ = ["deliver_case", "register_delivered_case"]


def deliver_case(case: Case, *, now: dt.datetime, by: User | None = None) -> Case:
    """Walk ``case`` along its workflow to "Delivered" (a support question, which has no
    delivery, to "Closed") as a specialist would; an order's estimate is given and accepted
    on the way."""
    staff = by or StaffFactory()
    if case.category == Category.ORDER:
        estimate = services.case_estimate_give(case=case, by=staff, amount=Decimal("4800"),
                                               currency="SEK", text="The work", now=now)
        services.case_estimate_accept(case=case, by=case.reporter, version=estimate.version,
                                      now=now)
    end = State.CLOSED if case.category == Category.SUPPORT_QUESTION else State.DELIVERED
    states = workflow_for(case.category).states
    case.refresh_from_db()
    for state in states[states.index(case.state) + 1:states.index(end) + 1]:
        if case.category == Category.SUPPORT_QUESTION and state == State.SECOND_LINE:
            continue  # answered by first line
        case = services.case_transition(case=case, by=staff, target=state, now=now)
    return case


def register_delivered_case(*, category: str, delivered_at: dt.datetime,
                            reporter: User | None = None, **kwargs) -> Case:
    case = register_case(category=category, reporter=reporter,
                         now=delivered_at - dt.timedelta(days=1), **kwargs)
    return deliver_case(case, now=delivered_at)
