import pytest
from django.core.exceptions import ValidationError

from cases.models import Case
from customers.models import TrainingCompletion
from tests.factories import WEDNESDAY_MORNING, LicenceFactory, make_superuser, register_case
from tests.factories.trainings import SESSION_START, TrainingSessionFactory
from trainings.models import TrainingBooking
from trainings.services import training_attendance_record, training_book


@pytest.mark.django_db
def test_attendance_creates_the_completion_which_opens_the_module_for_cases():
    licence = LicenceFactory(modules=2)
    module = licence.modules.order_by("pk").last()
    person = make_superuser(licence=licence)
    with pytest.raises(ValidationError) as refusal:
        register_case(reporter=person, module=module, now=WEDNESDAY_MORNING)
    assert refusal.value.code == "module_not_trained"
    session = TrainingSessionFactory(module=module)
    booking = training_book(session=session, user=person, now=WEDNESDAY_MORNING)

    assert training_attendance_record(bookings=[booking], by=None, now=SESSION_START) == 1
    # Idempotent: again changes nothing.
    assert training_attendance_record(bookings=[booking], by=None, now=SESSION_START) == 0
    completion = TrainingCompletion.objects.get(user=person, module=module)
    assert completion.completed_on == SESSION_START.date()
    booking.refresh_from_db()
    assert booking.status == TrainingBooking.Status.ATTENDED

    case = register_case(reporter=person, module=module, now=WEDNESDAY_MORNING)
    assert Case.objects.filter(pk=case.pk, module=module).exists()


@pytest.mark.django_db
def test_a_waiter_cannot_be_marked_as_attended():
    licence = LicenceFactory(modules=4)
    module = licence.modules.order_by("pk").last()  # make_superuser trains on the first
    session = TrainingSessionFactory(module=module, seats=1)
    training_book(session=session, user=make_superuser(licence=licence), now=WEDNESDAY_MORNING)
    waiter = training_book(session=session, user=make_superuser(licence=licence),
                           now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError):
        training_attendance_record(bookings=[waiter], by=None, now=SESSION_START)
    assert not TrainingCompletion.objects.filter(user=waiter.user, module=module).exists()
