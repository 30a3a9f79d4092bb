"""Writes for SuperUser seats. Each runs in one transaction."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.services import audit_record
from customers.models import Licence

from .models import SuperUserSeat
from .rules import seats_allowed

SEAT_LIMIT_REACHED = _("All %(seats)s SuperUser seats on licence %(licence)s are taken.")
SEAT_OTHER_CUSTOMER = _("This person already belongs to another customer.")
SEAT_ALREADY_HELD = _("This person already holds a seat on this licence.")
SEAT_STAFF = _("Staff accounts cannot be SuperUsers of a customer.")


def superuser_seat_check(*, licence: Licence, user: User) -> None:
    """Raise ValidationError when ``user`` may not take a seat on ``licence`` now.

    Called by forms for an early, friendly error and again by ``superuser_seat_assign``
    under the licence lock, where the answer is final.
    """
    if user.is_staff:
        raise ValidationError(SEAT_STAFF, code="staff")
    if user.customer_id is not None and user.customer_id != licence.customer_id:
        raise ValidationError(SEAT_OTHER_CUSTOMER, code="other_customer")
    if SuperUserSeat.objects.filter(licence=licence, user=user).exists():
        raise ValidationError(SEAT_ALREADY_HELD, code="already_held")
    allowed = seats_allowed(licence.modules.count(), settings.SUPERUSER_SEAT_RULE)
    if SuperUserSeat.objects.filter(licence=licence).count() >= allowed:
        raise ValidationError(
            SEAT_LIMIT_REACHED, code="seat_limit",
            params={"seats": allowed, "licence": licence.number},
        )


@transaction.atomic
def superuser_seat_assign(*, licence: Licence, user: User, assigned_by: User | None) -> SuperUserSeat:
    """Give ``user`` a seat on ``licence``; refuses beyond the licence's seat limit.

    Locks the licence row first, so two concurrent assignments to the last free seat
    cannot both pass the count (the loser waits, then sees the seat taken).
    """
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    superuser_seat_check(licence=licence, user=user)
    seat = SuperUserSeat.objects.create(licence=licence, user=user, assigned_by=assigned_by)
    if user.customer_id != licence.customer_id:
        user.customer_id = licence.customer_id
        user.save(update_fields=["customer"])
    audit_record(
        actor=assigned_by, action="superuser_seat.assign", subject=user,
        customer_id=licence.customer_id, details={"licence": licence.number},
    )
    return seat


@transaction.atomic
def superuser_seat_release(*, seat: SuperUserSeat, released_by: User | None) -> None:
    """Free a seat; a person left without seats no longer belongs to the customer."""
    user = seat.user
    customer_id = seat.licence.customer_id
    licence_number = seat.licence.number
    seat.delete()
    if not SuperUserSeat.objects.filter(user=user).exists():
        user.customer = None
        user.save(update_fields=["customer"])
    audit_record(
        actor=released_by, action="superuser_seat.release", subject=user,
        customer_id=customer_id, details={"licence": licence_number},
    )
