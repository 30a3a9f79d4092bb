"""Seat and eligibility rules as plain functions: no ORM, no clock. Services and views both
use them (and their explanations), so a refusal reads the same wherever it is met."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from django.utils.translation import gettext_lazy as _

MAX_SEATS_PER_LICENCE = 4


def seats_allowed(module_count: int, rule: Sequence[tuple[int, int]]) -> int:
    """SuperUser seats on a licence with ``module_count`` modules.

    ``rule`` is a list of (smallest module count, seats), e.g. ((1, 2), (4, 3), (7, 4)).
    A licence always has at least the first step's seats and never more than four.
    """
    seats = rule[0][1]
    for threshold, step_seats in sorted(rule):
        if module_count >= threshold:
            seats = step_seats
    return min(seats, MAX_SEATS_PER_LICENCE)


class Ineligibility(Enum):
    """Why a person may not register cases; each has its own explanation in the portal."""

    NO_SEAT = "no_seat"
    CUSTOMER_INACTIVE = "customer_inactive"
    PAYMENT_OVERDUE = "payment_overdue"
    NO_TRAINING = "no_training"


@dataclass(frozen=True)
class Eligibility:
    reason: Ineligibility | None

    @property
    def may_register_cases(self) -> bool:
        return self.reason is None


def eligibility(
    *, has_seat: bool, customer_active: bool, payment_overdue: bool, trained_modules: int
) -> Eligibility:
    # Order matters: the first missing thing is the one the person can act on.
    if not has_seat:
        return Eligibility(Ineligibility.NO_SEAT)
    # The customer's right to support: the same rule that guards changes to existing cases.
    refusal = case_write_refusal(customer_active=customer_active, payment_overdue=payment_overdue)
    if refusal is not None:
        return Eligibility(refusal)
    if trained_modules == 0:
        return Eligibility(Ineligibility.NO_TRAINING)
    return Eligibility(None)


INELIGIBILITY_MESSAGES = {
    Ineligibility.NO_SEAT: _(
        "Your account is not a SuperUser of any customer yet. Ask your company's SuperUser "
        "or our customer centre to give you a SuperUser seat on your licence."
    ),
    Ineligibility.CUSTOMER_INACTIVE: _(
        "Your company's customer account is not active. Please contact our customer centre."
    ),
    Ineligibility.PAYMENT_OVERDUE: _(
        "Your company has overdue payments, so new cases cannot be registered. Your existing "
        "cases stay readable. Please contact our invoicing department."
    ),
    Ineligibility.NO_TRAINING: _(
        "You have not completed the training for any module on your company's licences yet. "
        "Cases can be registered for modules you are trained on."
    ),
}

# Existing cases stay readable for a customer without a right to support, but nothing on
# them may change: no reply, no acceptance (that orders billable work), no closing.
CASE_WRITE_REFUSALS = {
    Ineligibility.CUSTOMER_INACTIVE: _(
        "Your company's customer account is not active, so cases cannot be answered or "
        "changed. They stay readable. Please contact our customer centre."
    ),
    Ineligibility.PAYMENT_OVERDUE: _(
        "Your company has overdue payments, so cases cannot be answered or changed until "
        "they are paid. Your cases stay readable. Please contact our invoicing department."
    ),
}


def case_write_refusal(*, customer_active: bool, payment_overdue: bool) -> Ineligibility | None:
    """Why the customer's people may not change their cases now, or None when they may."""
    if not customer_active:
        return Ineligibility.CUSTOMER_INACTIVE
    if payment_overdue:
        return Ineligibility.PAYMENT_OVERDUE
    return None
