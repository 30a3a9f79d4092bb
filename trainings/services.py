"""Writes for training bookings and attendance. Each runs in one transaction, under a lock
on the session row, so the seat count read is the one the write acts on."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.services import audit_record
from cases.models import OutboxEmail
from cases.notifications import OFFICE_LANGUAGE, outbox_dispatch
from customers.models import Customer, TrainingCompletion
from sla.services import office_time_zone
from superusers.models import SuperUserSeat

from .models import TrainingBooking, TrainingSession
from .rules import REFUSAL_MESSAGES, Refusal, booking_refusal, cancel_refusal, gets_seat
from .selectors import cancel_deadline_hours, licensed_modules

CONFIRMATION_TEMPLATE = "trainings/email/booking_confirmed"
NOT_SEATED = _("%(booking)s has no seat on the session (cancelled or waiting).")
SEATED = (TrainingBooking.Status.BOOKED, TrainingBooking.Status.ATTENDED)


def _refuse(reason: Refusal) -> ValidationError:
    params = {"hours": cancel_deadline_hours()} if reason == Refusal.CANCEL_TOO_LATE else None
    return ValidationError(REFUSAL_MESSAGES[reason], code=reason.value, params=params)


def _lock_session(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().select_related("module").get(pk=session.pk)


@transaction.atomic
def training_book(*, session: TrainingSession, user: User, now: datetime) -> TrainingBooking:
    """Book a seat on ``session``, or a place on its waiting list when it is full."""
    session = _lock_session(session)
    customer = Customer.objects.filter(pk=user.customer_id).first()
    refusal = booking_refusal(
        has_seat=SuperUserSeat.objects.filter(user=user, licence__is_active=True,
                                              licence__customer_id=user.customer_id).exists(),
        customer_active=customer is not None and customer.is_active,
        module_licensed=licensed_modules(user=user).filter(pk=session.module_id).exists(),
        already_booked=TrainingBooking.objects.filter(
            session=session, user=user, status__in=TrainingBooking.ACTIVE).exists(),
        starts_at=session.starts_at, now=now)
    if refusal is not None:
        raise _refuse(refusal)
    seated = gets_seat(seats=session.seats,
                       booked=session.bookings.filter(status__in=SEATED).count())
    booking = TrainingBooking.objects.create(
        session=session, user=user, customer=customer, created_at=now,
        status=TrainingBooking.Status.BOOKED if seated else TrainingBooking.Status.WAITING,
        seat_given_at=now if seated else None)
    if seated:
        _confirmation_queue(booking, promoted=False)
    audit_record(actor=user, action="training_booking.create", subject=booking,
                 customer_id=booking.customer_id, details={"status": booking.status})
    return booking


@transaction.atomic
def training_booking_cancel(*, booking: TrainingBooking, user: User, now: datetime
                            ) -> TrainingBooking:
    """Give back a seat (up to the deadline) or a waiting-list place (until the start); a
    freed seat goes to the first on the waiting list, who is told by email."""
    if booking.user_id != user.pk:
        raise PermissionDenied("Not your booking.")
    session = _lock_session(booking.session)
    booking = TrainingBooking.objects.select_for_update().get(pk=booking.pk)
    had_seat = booking.status == TrainingBooking.Status.BOOKED
    refusal = cancel_refusal(active=booking.status in TrainingBooking.ACTIVE, has_seat=had_seat,
                             starts_at=session.starts_at, hours=cancel_deadline_hours(), now=now)
    if refusal is not None:
        raise _refuse(refusal)
    booking.status = TrainingBooking.Status.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at"])
    audit_record(actor=user, action="training_booking.cancel", subject=booking,
                 customer_id=booking.customer_id)
    if had_seat:
        _waiting_list_move_up(session, now=now)
    return booking


def _waiting_list_move_up(session: TrainingSession, *, now: datetime) -> None:
    free = session.seats - session.bookings.filter(status__in=SEATED).count()
    waiting = (session.bookings.select_for_update().filter(status=TrainingBooking.Status.WAITING)
               .select_related("user").order_by("created_at", "pk")[:max(free, 0)])
    for booking in waiting:
        booking.status = TrainingBooking.Status.BOOKED
        booking.seat_given_at = now
        booking.save(update_fields=["status", "seat_given_at"])
        _confirmation_queue(booking, promoted=True)
        audit_record(actor=None, action="training_booking.seat_given", subject=booking,
                     customer_id=booking.customer_id)


@transaction.atomic
def training_attendance_record(*, bookings: Iterable[TrainingBooking], by: User | None,
                               now: datetime) -> int:
    """Staff mark who took part: each attendee gets the module's TrainingCompletion (which
    lets them register cases on it). Safe to repeat; returns how many completions are new."""
    created = 0
    ids = [booking.pk for booking in bookings]
    rows = (TrainingBooking.objects.select_for_update().filter(pk__in=ids)
            .select_related("session__module", "user", "customer"))
    for booking in rows:
        if booking.status not in SEATED:
            raise ValidationError(
                NOT_SEATED, code="not_seated", params={"booking": str(booking)})
        if booking.status != TrainingBooking.Status.ATTENDED:
            booking.status = TrainingBooking.Status.ATTENDED
            booking.attended_at = now
            booking.save(update_fields=["status", "attended_at"])
        completed_on = timezone.localtime(booking.session.starts_at,
                                          office_time_zone(booking.customer.office_country)).date()
        _completion, new = TrainingCompletion.objects.get_or_create(
            user=booking.user, module=booking.session.module,
            defaults={"completed_on": completed_on})
        created += int(new)
        audit_record(actor=by, action="training_booking.attended", subject=booking,
                     customer_id=booking.customer_id)
    return created


def _confirmation_queue(booking: TrainingBooking, *, promoted: bool) -> OutboxEmail:
    """The confirmation mail in the person's language, with a link to the calendar file
    (the outbox sends no attachments)."""
    user, session = booking.user, booking.session
    office = booking.customer.office_country
    language = user.language or OFFICE_LANGUAGE.get(office, "sv")
    zone = office_time_zone(office)
    with translation.override(language):
        context = {
            "promoted": promoted,
            "name": user.first_name,
            "module": session.module.display_name,
            "format": session.get_format_display(),
            "starts": formats.date_format(timezone.localtime(session.starts_at, zone),
                                          "DATETIME_FORMAT"),
            "ends": formats.date_format(timezone.localtime(session.ends_at, zone),
                                        "TIME_FORMAT"),
            "place": session.place,
            "url": session.url,
            "ics_path": reverse("trainings:booking_ics", args=[booking.pk]),
            "bookings_path": reverse("trainings:booking_list"),
            "cancel_hours": cancel_deadline_hours(),
        }
    email = OutboxEmail.objects.create(recipient=user.email, language=language,
                                       template=CONFIRMATION_TEMPLATE, context=context)
    transaction.on_commit(lambda: outbox_dispatch(email.pk))
    return email
