"""The monthly SLA report emailed to managers (a beat job on the first of the month)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import get_language

from accounts.models import User
from accounts.roles import MANAGERS
from cases.models import OutboxEmail
from cases.notifications import outbox_dispatch
from customers.models import OfficeCountry
from sla.services import office_time_zone

from . import selectors

TEMPLATE = "reports/email/monthly"


def previous_month(now: datetime) -> tuple[datetime, datetime]:
    """The calendar month before ``now``'s, in Swedish time: [first day, first of next)."""
    local = now.astimezone(office_time_zone(OfficeCountry.SWEDEN))
    end = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    start = (end - timedelta(days=1)).replace(day=1)
    return start, end


@transaction.atomic
def monthly_report_queue(*, now: datetime) -> int:
    """Queue last month's figures for every manager, once per manager and month whatever
    the beat does (a catch-up run or two workers send nothing twice). Returns how many."""
    start, end = previous_month(now)
    month = f"{start:%Y-%m}"
    report = selectors.ReportFilter(start=start, end=end)
    counts = selectors.target_counts(report, now=now)
    context = {"month": month, "total": counts.total, "achieved": counts.achieved,
               "breached": counts.breached, "open_breached": counts.open_breached,
               "rate": counts.achievement_percent,
               "median_seconds": selectors.time_to_start_percentile(report, 0.5)}
    already = set(OutboxEmail.objects.filter(template=TEMPLATE, context__month=month)
                  .values_list("recipient", flat=True))
    managers = (User.objects.filter(is_active=True, is_staff=True, groups__name=MANAGERS)
                .exclude(email="").exclude(email__in=already).distinct())
    queued = []
    for manager in managers:
        queued.append(OutboxEmail.objects.create(
            recipient=manager.email, language=manager.language or get_language() or "sv",
            template=TEMPLATE, context=context))
    transaction.on_commit(lambda: [outbox_dispatch(email.pk) for email in queued])
    return len(queued)
