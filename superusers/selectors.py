"""Reads about SuperUsers: may this person register cases, and on which modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet

from customers.access import scope_to_customer
from customers.models import Customer, Licence, Module, PaymentStatus

from .models import SuperUserSeat
from .rules import Eligibility, Ineligibility, eligibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def superuser_eligibility(*, user: User | AnonymousUser, cached: bool = True) -> Eligibility:
    """May this person register cases, and if not, why. One query, remembered on the user
    object for the rest of the request (the page, its nav and its mixin all ask); writes
    pass ``cached=False`` so they decide on the database as it is now."""
    remembered = getattr(user, "_support_eligibility", None)
    if cached and remembered is not None:
        return remembered
    if not user.is_authenticated or user.customer_id is None:
        return Eligibility(Ineligibility.NO_SEAT)
    active_licences = {"licences__customer_id": OuterRef("pk"), "licences__is_active": True}
    customer = (
        Customer.objects.filter(pk=user.customer_id)
        .annotate(
            has_seat=Exists(SuperUserSeat.objects.filter(
                user=user, licence__customer_id=OuterRef("pk"), licence__is_active=True)),
            has_training=Exists(Module.objects.filter(trainings__user=user, **active_licences)),
        )
        .values("is_active", "payment_status", "has_seat", "has_training")
        .get()
    )
    verdict = eligibility(
        has_seat=customer["has_seat"],
        customer_active=customer["is_active"],
        payment_overdue=customer["payment_status"] == PaymentStatus.OVERDUE,
        trained_modules=int(customer["has_training"]),
    )
    user._support_eligibility = verdict
    return verdict


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


def licence_list_for_user(*, user: User) -> QuerySet[Licence]:
    """The licences of the user's own customer, with their modules."""
    return (scope_to_customer(Licence.objects.all(), user=user)
            .prefetch_related("modules").order_by("number"))


def superuser_seat_list_for_user(*, user: User) -> QuerySet[SuperUserSeat]:
    """The seats of the user's own customer (nothing for anyone without one)."""
    return (
        scope_to_customer(SuperUserSeat.objects.all(), user=user)
        .select_related("user", "licence")
        .order_by("licence__number", "user__email")
    )
