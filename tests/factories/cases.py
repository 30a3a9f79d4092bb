from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from cases.models import Case
from cases.services import case_register
from cases.workflows import Category

from .core import make_superuser

__all__ = ["register_case", "WEDNESDAY_MORNING"]

# Wed 11 Feb 2026 09:00 in Stockholm: an ordinary open day, far from holidays.
WEDNESDAY_MORNING = dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC)


def register_case(*, reporter: User | None = None, category: str = Category.SOFTWARE_BUG,
                  service_level: int | None = 2, subject: str = "Invoices do not print",
                  now: dt.datetime | None = None, **kwargs) -> Case:
    """A case registered through the real service by a trained SuperUser."""
    reporter = reporter or make_superuser()
    if category != Category.SOFTWARE_BUG:
        service_level = None
    return case_register(
        reporter=reporter, module=kwargs.pop("module", None) or reporter.trainings.first().module,
        category=category, subject=subject, description=kwargs.pop("description", "It fails."),
        service_level=service_level, now=now or timezone.now(), **kwargs)
