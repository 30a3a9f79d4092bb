"""Writes the portal's home makes: a person without a seat asks for one."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction

from accounts.models import User
from cases.models import OutboxEmail
from cases.notifications import OFFICE_LANGUAGE, outbox_dispatch
from customers.models import Customer
from superusers.models import SuperUserSeat

from .dashboard import last_seat_request
from .models import SeatRequest

SEAT_REQUEST_TEMPLATE = "seat_request"


def _seat_holders(customer: Customer) -> list[User]:
    seats = (SuperUserSeat.objects.filter(licence__customer=customer, licence__is_active=True,
                                          user__is_active=True)
             .select_related("user").order_by("user__email"))
    holders: dict[int, User] = {}
    for seat in seats:
        holders.setdefault(seat.user_id, seat.user)
    return list(holders.values())


def seat_request(*, user: User, now: datetime) -> SeatRequest:
    """Ask the company's SuperUsers for a seat, or the customer centre when the company has
    none; at most once per ``SEAT_REQUEST_INTERVAL_HOURS`` (a second ask returns the first).
    The mails go through the outbox, so a broker outage delays them but loses none."""
    if user.customer_id is None:
        raise ValueError("only a customer's people ask for a seat")
    with transaction.atomic():
        # The user row serialises two quick clicks: one request, one round of mails.
        User.objects.select_for_update().filter(pk=user.pk).first()
        earlier = last_seat_request(user=user, now=now)
        if earlier is not None:
            return earlier
        customer = Customer.objects.get(pk=user.customer_id)
        office_language = OFFICE_LANGUAGE.get(customer.office_country, settings.LANGUAGE_CODE)
        recipients = [(holder.email, holder.language or office_language)
                      for holder in _seat_holders(customer) if holder.email]
        if not recipients:
            support = getattr(settings, f"SUPPORT_EMAIL_{customer.office_country}", "")
            recipients = [(support, office_language)] if support else []
        context = {"requester_name": user.get_full_name() or user.email,
                   "requester_email": user.email, "customer_name": customer.name}
        emails = [OutboxEmail.objects.create(recipient=address, language=language,
                                             template=SEAT_REQUEST_TEMPLATE, context=context)
                  for address, language in recipients]
        request = SeatRequest.objects.create(user=user, customer=customer, requested_at=now,
                                             sent_to=[address for address, _ in recipients])
        for email in emails:
            transaction.on_commit(lambda pk=email.pk: outbox_dispatch(pk))
    return request
