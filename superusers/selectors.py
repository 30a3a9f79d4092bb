"""Reads about SuperUsers: may this person register cases, and on which modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from customers.access import scope_to_customer
from customers.models import Customer, Licence, Module, PaymentStatus, TrainingCompletion

from .models import SuperUserSeat
from .rules import Eligibility, Ineligibility, eligibility, seats_allowed

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
    customer = _customer_with_access_flags(user)
    verdict = eligibility(
        has_seat=customer["has_seat"],
        customer_active=customer["is_active"],
        payment_overdue=customer["payment_status"] == PaymentStatus.OVERDUE,
        trained_modules=int(customer["has_training"]),
    )
    user._support_eligibility = verdict
    return verdict


def superuser_holds_seat(*, user: User) -> bool:
    """Has a seat on an active licence of their customer."""
    return _active_seats(user, user.customer_id).exists()


def _active_seats(user: User, customer_id: int | OuterRef | None) -> QuerySet[SuperUserSeat]:
    return SuperUserSeat.objects.filter(user=user, licence__customer_id=customer_id,
                                        licence__is_active=True)


def _customer_with_access_flags(user: User) -> dict:
    active_licences = {"licences__customer_id": OuterRef("pk"), "licences__is_active": True}
    return (
        Customer.objects.filter(pk=user.customer_id)
        .annotate(
            has_seat=Exists(_active_seats(user, OuterRef("pk"))),
            has_training=Exists(Module.objects.filter(trainings__user=user, **active_licences)),
        )
        .values("is_active", "payment_status", "has_seat", "has_training")
        .get()
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


@dataclass(frozen=True)
class LicenceSeats:
    licence: Licence
    modules: list[Module]
    holders: list[User]
    seats_allowed: int

    @property
    def seats_used(self) -> int:
        return len(self.holders)

    @property
    def seats_free(self) -> int:
        # A licence that lost modules may hold more seats than it now allows: none free.
        return max(self.seats_allowed - self.seats_used, 0)


@dataclass(frozen=True)
class TrainedModule:
    module: Module
    # Trained, but no active licence of the company covers it: no cases on it.
    covered: bool


@dataclass(frozen=True)
class CompanySuperUser:
    user: User
    licence_numbers: list[str]
    trained_modules: list[TrainedModule]


@dataclass(frozen=True)
class CompanyOverview:
    licences: list[LicenceSeats]
    superusers: list[CompanySuperUser]


def company_overview_for_user(*, user: User) -> CompanyOverview:
    """Seats per licence, who holds them and what each SuperUser is trained on, for the
    user's own company. Four queries however many licences, seats and trainings."""
    licences = list(licence_list_for_user(user=user))
    seats = list(superuser_seat_list_for_user(user=user).prefetch_related(Prefetch(
        "user__trainings",
        queryset=TrainingCompletion.objects.select_related("module").order_by("module__name"),
    )))
    holders: dict[int, list[User]] = {}
    people: dict[int, tuple[User, list[str]]] = {}
    for seat in seats:
        holders.setdefault(seat.licence_id, []).append(seat.user)
        people.setdefault(seat.user_id, (seat.user, []))[1].append(seat.licence.number)
    covered_ids = {module.pk for licence in licences if licence.is_active
                   for module in licence.modules.all()}
    return CompanyOverview(
        licences=[
            LicenceSeats(
                licence=licence, modules=list(licence.modules.all()),
                holders=holders.get(licence.pk, []),
                seats_allowed=seats_allowed(len(licence.modules.all()),
                                            settings.SUPERUSER_SEAT_RULE),
            )
            for licence in licences
        ],
        superusers=[
            CompanySuperUser(
                user=person, licence_numbers=numbers,
                trained_modules=[TrainedModule(module=training.module,
                                               covered=training.module_id in covered_ids)
                                 for training in person.trainings.all()],
            )
            for person, numbers in sorted(people.values(), key=lambda p: p[0].email)
        ],
    )
