import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from cases.models import OutboxEmail
from cases.notifications import render_outbox_email
from tests.factories import WEDNESDAY_MORNING, LicenceFactory, make_superuser
from tests.factories.trainings import SESSION_START, TrainingSessionFactory
from trainings.models import TrainingBooking
from trainings.services import training_book, training_booking_cancel

NOW = WEDNESDAY_MORNING


@pytest.fixture
def licence():
    return LicenceFactory(modules=4)  # three SuperUser seats


@pytest.fixture
def module(licence):
    return licence.modules.order_by("pk").last()  # make_superuser trains on the first


def people(licence, count):
    return [make_superuser(licence=licence, language="sv") for _ in range(count)]


@pytest.mark.django_db
def test_full_session_puts_the_next_on_the_waiting_list(licence, module):
    session = TrainingSessionFactory(module=module, seats=1)
    first, second = people(licence, 2)
    assert training_book(session=session, user=first, now=NOW).status == "booked"
    assert training_book(session=session, user=second, now=NOW).status == "waiting"
    # Only the seated one is confirmed, in their language, with the calendar link.
    email = OutboxEmail.objects.get()
    assert email.recipient == first.email and email.language == "sv"
    assert email.template == "trainings/email/booking_confirmed"
    subject, text = render_outbox_email(email)
    booking = TrainingBooking.objects.get(user=first)
    assert reverse("trainings:booking_ics", args=[booking.pk]) in text
    assert subject


@pytest.mark.django_db
def test_double_booking_is_refused(licence, module):
    session = TrainingSessionFactory(module=module)
    (person,) = people(licence, 1)
    training_book(session=session, user=person, now=NOW)
    with pytest.raises(ValidationError) as refusal:
        training_book(session=session, user=person, now=NOW)
    assert refusal.value.code == "already_booked"


@pytest.mark.django_db
def test_booking_closes_at_the_start(licence, module):
    session = TrainingSessionFactory(module=module)
    (person,) = people(licence, 1)
    with pytest.raises(ValidationError) as refusal:
        training_book(session=session, user=person, now=SESSION_START)
    assert refusal.value.code == "closed"


@pytest.mark.django_db
def test_a_module_outside_the_licences_cannot_be_booked(licence):
    session = TrainingSessionFactory()
    (person,) = people(licence, 1)
    with pytest.raises(ValidationError) as refusal:
        training_book(session=session, user=person, now=NOW)
    assert refusal.value.code == "module_not_licensed"


@pytest.mark.django_db
@override_settings(TRAINING_CANCEL_DEADLINE_HOURS=48)
def test_cancel_is_allowed_up_to_the_deadline(licence, module):
    session = TrainingSessionFactory(module=module)
    (person,) = people(licence, 1)
    booking = training_book(session=session, user=person, now=NOW)
    too_late = SESSION_START - dt.timedelta(hours=48)
    with pytest.raises(ValidationError) as refusal:
        training_booking_cancel(booking=booking, user=person, now=too_late)
    assert refusal.value.code == "cancel_too_late"
    assert "48" in refusal.value.messages[0]
    training_booking_cancel(booking=booking, user=person,
                            now=too_late - dt.timedelta(minutes=1))
    booking.refresh_from_db()
    assert booking.status == "cancelled"


@pytest.mark.django_db
def test_default_deadline_is_24_hours(licence, module):
    session = TrainingSessionFactory(module=module)
    (person,) = people(licence, 1)
    booking = training_book(session=session, user=person, now=NOW)
    with pytest.raises(ValidationError):
        training_booking_cancel(booking=booking, user=person,
                                now=SESSION_START - dt.timedelta(hours=23))


@pytest.mark.django_db(transaction=True)
def test_cancelling_gives_the_seat_to_the_first_waiter_who_is_emailed(licence, module):
    session = TrainingSessionFactory(module=module, seats=1)
    seated, first_waiter, second_waiter = people(licence, 3)
    booking = training_book(session=session, user=seated, now=NOW)
    training_book(session=session, user=first_waiter, now=NOW + dt.timedelta(minutes=1))
    training_book(session=session, user=second_waiter, now=NOW + dt.timedelta(minutes=2))
    before = OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    training_booking_cancel(booking=booking, user=seated, now=NOW + dt.timedelta(hours=1))
    statuses = dict(TrainingBooking.objects.values_list("user__email", "status"))
    assert statuses == {seated.email: "cancelled", first_waiter.email: "booked",
                        second_waiter.email: "waiting"}
    # The moved-up waiter is mailed (the outbox row the service wrote; sending is the
    # outbox's own, tested in tests/cases/test_outbox.py).
    assert list(OutboxEmail.objects.filter(pk__gt=before).values_list(
        "recipient", "template")) == [(first_waiter.email, "trainings/email/booking_confirmed")]
    # The cancelled person may book again: they queue behind the waiter still waiting.
    assert training_book(session=session, user=seated, now=NOW + dt.timedelta(hours=2)
                         ).status == "waiting"


@pytest.mark.django_db
def test_no_one_cancels_another_persons_booking(licence, module):
    session = TrainingSessionFactory(module=module)
    owner, colleague = people(licence, 2)
    booking = training_book(session=session, user=owner, now=NOW)
    with pytest.raises(PermissionDenied):
        training_booking_cancel(booking=booking, user=colleague, now=NOW)
