"""Reads of time spent: per case for its page, per customer and month for invoicing. Staff
reads (the admin): a customer never sees time entries, so nothing here is scoped to one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from customers.models import Customer

from .models import Case, TimeEntry
from .time_billing import month_days


@dataclass(frozen=True)
class CustomerMonthTime:
    """One customer's time in one month, one row of the invoicing report."""

    customer_id: int
    customer_name: str
    customer_number: str
    billable_minutes: int
    non_billable_minutes: int
    cases: int

    @property
    def total_minutes(self) -> int:
        return self.billable_minutes + self.non_billable_minutes


@dataclass(frozen=True)
class CaseTime:
    """A case's time entries (with their specialists) and their sums."""

    entries: list[TimeEntry]

    @property
    def total_minutes(self) -> int:
        return sum(entry.minutes for entry in self.entries)

    @property
    def billable_minutes(self) -> int:
        return sum(entry.minutes for entry in self.entries if entry.billable)

    @property
    def non_billable_minutes(self) -> int:
        return self.total_minutes - self.billable_minutes


def _in_month(*, year: int, month: int) -> Q:
    first, after = month_days(year=year, month=month)
    return Q(worked_on__gte=first, worked_on__lt=after)


def monthly_time_by_customer(*, year: int, month: int) -> list[CustomerMonthTime]:
    """Every customer with time logged in the month (by the day worked, not the day
    logged), by name: one grouped query, however many customers and entries."""
    rows = (
        TimeEntry.objects.filter(_in_month(year=year, month=month))
        .values("case__customer_id", "case__customer__name", "case__customer__customer_number")
        .annotate(billable_minutes=Coalesce(Sum("minutes", filter=Q(billable=True)), 0),
                  non_billable_minutes=Coalesce(Sum("minutes", filter=Q(billable=False)), 0),
                  cases=Count("case_id", distinct=True))
        # Explicit: TimeEntry's default ordering must not end up in the grouping.
        .order_by("case__customer__name", "case__customer_id")
    )
    return [CustomerMonthTime(customer_id=row["case__customer_id"],
                              customer_name=row["case__customer__name"],
                              customer_number=row["case__customer__customer_number"],
                              billable_minutes=row["billable_minutes"],
                              non_billable_minutes=row["non_billable_minutes"],
                              cases=row["cases"])
            for row in rows]


def time_entries_for_invoice(*, customer: Customer, year: int, month: int,
                             billable_only: bool = False) -> QuerySet[TimeEntry]:
    """The customer's entries of the month, for the detailed export that goes with the
    invoice: each with its case and specialist loaded (one query), by day and case.
    Non-billable entries are included unless ``billable_only``: the person invoicing
    answers the customer's "what else did you do" from the same file."""
    entries = (TimeEntry.objects.filter(_in_month(year=year, month=month),
                                        case__customer=customer)
               .select_related("case", "specialist")
               .order_by("worked_on", "case__number", "pk"))
    return entries.filter(billable=True) if billable_only else entries


def case_time(*, case: Case) -> CaseTime:
    """The case's entries for its admin page, oldest first; the sums need no more queries."""
    return CaseTime(entries=list(TimeEntry.objects.filter(case=case).select_related("specialist")
                                 .order_by("worked_on", "pk")))
