"""Time spent on cases: what is billable, and reading the duration a specialist types. Plain
functions: no ORM, no clock (the service passes in what it read and the day it is)."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .workflows import Category

# One entry is one sitting on one day; more than a day in one entry is a typing error
# ("130" meant as 1:30 is fine, "1300" is not), and the invoice should show the days.
MAX_ENTRY_MINUTES = 24 * 60

DURATION_INVALID = _("Enter the time spent as hours and minutes, e.g. “1:30”, “90” (minutes), "
                     "“1h 30m” or “1,5 h”.")
DURATION_ZERO = _("Enter at least one minute.")
DURATION_TOO_LONG = _("One entry can be at most %(hours)s hours. Log longer work day by day.")

# [0-9], not \d: \d also matches other scripts' digits, which int() accepts but nobody means.
_CLOCK = re.compile(r"(?P<hours>[0-9]{1,3}):(?P<minutes>[0-5][0-9])")
_PLAIN_MINUTES = re.compile(r"[0-9]{1,5}")
# Hours and/or minutes with a unit, in the portal's three languages: "1h 30m", "1,5 h",
# "2 tim", "1 t 15 min" (timme/tunti), "45 min", "1.5hours".
_HOUR_UNITS = r"h|hr|hrs|hour|hours|t|tim|timme|timmar|tunti|tuntia"
_MINUTE_UNITS = r"m|min|mins|minute|minutes|minut|minuter|minuutti|minuuttia"
_WITH_UNITS = re.compile(
    rf"(?:(?P<hours>[0-9]{{1,3}}(?:\.[0-9]{{1,2}})?)\s*(?:{_HOUR_UNITS})\.?)?\s*"
    rf"(?:(?P<minutes>[0-9]{{1,5}})\s*(?:{_MINUTE_UNITS})\.?)?"
)


def time_is_billable(*, category: str, estimate_accepted: bool, customer_environment: bool) -> bool:
    """Whether time logged on a case of ``category`` is billed to the customer.

    The customer is always told, and says yes, before billable work starts. For an order
    that yes is the accepted cost estimate: its time is billable once the estimate is
    accepted and never before (the work on the estimate itself is ours), whatever else the
    specialist ticks. Support questions, wishes and bugs are covered by the support
    agreement, except when the fault turns out to lie in the customer's own IT environment
    (their network, printer, antivirus, their own integration): that time may be billed,
    and only the specialist can tell, so it is billable exactly when they say so.
    """
    if category == Category.ORDER:
        return estimate_accepted
    return customer_environment


def estimate_covers_work(*, accepted_on: date | None, worked_on: date) -> bool:
    """Whether an order's accepted estimate covers work done on ``worked_on``: time logged
    afterwards for a day before the acceptance (the estimate's own preparation, say) stays
    unbilled. The day of acceptance counts as covered: an entry has a day, not a time."""
    return accepted_on is not None and worked_on >= accepted_on


def duration_minutes_check(minutes: int) -> int:
    """``minutes`` if it is a possible length of one entry; else a ValidationError."""
    if minutes < 1:
        raise ValidationError(DURATION_ZERO, code="duration_zero")
    if minutes > MAX_ENTRY_MINUTES:
        raise ValidationError(DURATION_TOO_LONG, code="duration_too_long",
                              params={"hours": MAX_ENTRY_MINUTES // 60})
    return minutes


def duration_minutes_parse(text: str) -> int:
    """Minutes from what a specialist typed: "1:30" (hours:minutes), "90" (minutes),
    "1h 30m", "1,5 h" (decimal comma or point), "45 min". A fraction of a minute rounds to
    the nearest minute ("0,01 h" is one minute). Anything else is a ValidationError that
    shows the accepted forms."""
    cleaned = " ".join(text.strip().lower().replace(",", ".").split())
    if not cleaned:
        raise ValidationError(DURATION_INVALID, code="duration_invalid")
    if match := _CLOCK.fullmatch(cleaned):
        return duration_minutes_check(int(match["hours"]) * 60 + int(match["minutes"]))
    if _PLAIN_MINUTES.fullmatch(cleaned):
        return duration_minutes_check(int(cleaned))
    match = _WITH_UNITS.fullmatch(cleaned)
    if match is None or (match["hours"] is None and match["minutes"] is None):
        raise ValidationError(DURATION_INVALID, code="duration_invalid")
    hours = Decimal(match["hours"] or "0")
    minutes = (hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP) + int(match["minutes"] or 0)
    return duration_minutes_check(int(minutes))


def duration_text(minutes: int) -> str:
    """Minutes as hours:minutes, the way specialists type them back ("1:30", "0:05")."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def month_days(*, year: int, month: int) -> tuple[date, date]:
    """The month as a half-open range of days: its first day and the next month's first."""
    first = date(year, month, 1)
    after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first, after
