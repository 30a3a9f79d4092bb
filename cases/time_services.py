"""Writes of time spent on cases: specialists log it, the billing rule decides whether the
customer pays for it (cases.time_billing). One transaction each, the clock passed as ``now``."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from sla.services import office_time_zone

from .models import Case, CostEstimate, TimeEntry
from .services import NOT_STAFF, _check_staff_may_act, _lock
from .time_billing import (
    duration_minutes_check,
    duration_minutes_parse,
    estimate_covers_work,
    time_is_billable,
)
from .workflows import Category

WORKED_ON_IN_FUTURE = _("The date is in the future. Log time for work that has been done.")


@transaction.atomic
def time_entry_log(
    *, case: Case, by: User, duration_text: str | None = None, minutes: int | None = None,
    note: str = "", customer_environment: bool, worked_on: date, now: datetime,
) -> TimeEntry:
    """Log time ``by`` spent on ``case``: either ``duration_text`` as typed ("1:30", "1,5 h")
    or ``minutes``. ``customer_environment``: the specialist found the fault in the
    customer's own IT environment. Whether the entry is billable is decided here, by the
    rule, never by the caller: the invoice must follow what the customer agreed to.

    Only staff who may act on the case log time on it (its team, or a manager): a case
    being handled by the other team is theirs to bill.

    There is no case event for logged time (CaseEvent.Kind has no fitting kind): the entry
    itself, with its specialist and day, is the record."""
    if (duration_text is None) == (minutes is None):
        raise TypeError("time_entry_log needs exactly one of duration_text and minutes")
    if not by.is_staff:
        raise PermissionDenied(NOT_STAFF)
    # Locked and read fresh: a transfer to the other team or a new estimate version
    # committed meanwhile decides who may log and what is billable.
    case = _lock(case)
    _check_staff_may_act(by, case)
    minutes = (duration_minutes_parse(duration_text) if duration_text is not None
               else duration_minutes_check(minutes))
    office_zone = office_time_zone(case.office)
    # The office's day, not UTC's: 00:30 in Helsinki is already tomorrow there.
    if worked_on > now.astimezone(office_zone).date():
        raise ValidationError(WORKED_ON_IN_FUTURE, code="worked_on_in_future")
    accepted_on = None
    if case.category == Category.ORDER:
        # The current version only: a changed estimate waits for a new yes.
        estimate = CostEstimate.objects.current_for(case)
        if estimate is not None and estimate.is_accepted:
            accepted_on = estimate.accepted_at.astimezone(office_zone).date()
    billable = time_is_billable(
        category=case.category,
        estimate_accepted=estimate_covers_work(accepted_on=accepted_on, worked_on=worked_on),
        customer_environment=customer_environment)
    entry = TimeEntry(case=case, specialist=by, minutes=minutes, billable=billable,
                      note=note.strip(), worked_on=worked_on)
    entry.full_clean()
    entry.save()
    return entry
