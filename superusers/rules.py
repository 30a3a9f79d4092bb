"""Seat and eligibility rules as plain functions: no ORM, no clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

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
    if not customer_active:
        return Eligibility(Ineligibility.CUSTOMER_INACTIVE)
    if payment_overdue:
        return Eligibility(Ineligibility.PAYMENT_OVERDUE)
    if trained_modules == 0:
        return Eligibility(Ineligibility.NO_TRAINING)
    return Eligibility(None)
