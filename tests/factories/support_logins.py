"""Support-login data built through the real services, with a frozen clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import import_module

from accounts.models import User
from cases.models import Case
from cases.services import case_estimate_accept, case_estimate_give
from cases.workflows import Category
from support_logins.models import SupportLoginGrant
from support_logins.services import support_login_grant

from .cases import WEDNESDAY_MORNING, register_case
from .core import StaffFactory

__all__ = ["FRIDAY_MORNING", "grant_support_login", "order_with_accepted_estimate",
           "support_calendars_seed"]

# Fri 13 Feb 2026 10:00 in Stockholm: the 72-hour preset is offered.
FRIDAY_MORNING = dt.datetime(2026, 2, 13, 9, 0, tzinfo=dt.UTC)


def grant_support_login(*, case: Case | None = None, by: User | None = None, preset: str = "8wh",
                        now: dt.datetime = WEDNESDAY_MORNING, reason: str = "",
                        **kwargs) -> SupportLoginGrant:
    """A grant made through `support_login_grant`, by the case's reporter unless told."""
    case = case or register_case(reporter=by, now=now)
    return support_login_grant(case=case, by=by or case.reporter, preset=preset, now=now,
                               reason=reason, **kwargs)


def order_with_accepted_estimate(*, reporter: User | None = None,
                                 now: dt.datetime = WEDNESDAY_MORNING) -> Case:
    """An order whose cost estimate staff gave and the reporter accepted at `now`."""
    case = register_case(reporter=reporter, category=Category.ORDER, subject="New report layout",
                         now=now)
    estimate = case_estimate_give(case=case, by=StaffFactory(), amount=Decimal("4800.00"),
                                  text="Two hours of setup", currency="SEK", now=now)
    case.refresh_from_db()
    case_estimate_accept(case=case, by=case.reporter, version=estimate.version, now=now)
    case.refresh_from_db()
    return case


def support_calendars_seed() -> None:
    """The SE and FI calendars as the data migration seeds them; idempotent.

    For transactional tests: an earlier one flushes the seeded rows, and serialized_rollback
    cannot restore them here (restoring collides with the staff groups that post_migrate
    re-creates after the flush)."""
    from django.apps import apps

    import_module("sla.migrations.0002_seed_calendars").seed(apps, None)
