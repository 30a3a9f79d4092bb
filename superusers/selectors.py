"""Reads about SuperUsers: may this person register cases, and on which modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from customers.models import Module

from .models import SuperUserSeat
from .rules import Eligibility, Ineligibility, eligibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def superuser_eligibility(*, user: User | AnonymousUser) -> Eligibility:
    if not user.is_authenticated or user.customer_id is None:
        return Eligibility(Ineligibility.NO_SEAT)
    customer = user.customer
    has_seat = SuperUserSeat.objects.filter(
        user=user, licence__customer=customer, licence__is_active=True
    ).exists()
    return eligibility(
        has_seat=has_seat,
        customer_active=customer.is_active,
        payment_overdue=customer.has_overdue_payments,
        trained_modules=superuser_trained_modules(user=user).count() if has_seat else 0,
    )


def superuser_trained_modules(*, user: User) -> QuerySet[Module]:
    """Modules the person may report cases on: trained on, and covered by an active licence
    of their customer."""
    return (
        Module.objects.filter(
            trainings__user=user,
            licences__customer_id=user.customer_id,
            licences__is_active=True,
        )
        .distinct()
        .order_by("name")
    )


def superuser_seat_list_for_customer(*, customer_id: int) -> QuerySet[SuperUserSeat]:
    return (
        SuperUserSeat.objects.filter(licence__customer_id=customer_id)
        .select_related("user", "licence")
        .order_by("licence__number", "user__email")
    )
