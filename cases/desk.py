"""What the specialists' desk shows on every admin page: each office's clock and the
specialist's open at-risk count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accounts.models import User
from customers.models import OfficeCountry
from sla.presentation import OfficeStatus, office_status
from sla.services import calendar_table_get

from .queue import Queue, queue_cases


@dataclass(frozen=True)
class OfficeClock:
    office: str
    name: str
    status: OfficeStatus


@dataclass(frozen=True)
class DeskHeader:
    offices: list[OfficeClock]
    at_risk: int


def desk_header(*, user: User, now: datetime) -> DeskHeader:
    """One count query; the calendars come from the per-process cache."""
    offices = [OfficeClock(office.value, str(office.label),
                           office_status(calendar_table_get(office.value), now=now))
               for office in OfficeCountry]
    return DeskHeader(offices=offices,
                      at_risk=queue_cases(Queue.AT_RISK, user=user, now=now).count())
