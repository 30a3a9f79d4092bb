import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections

from tests.factories import WEDNESDAY_MORNING, LicenceFactory, make_superuser
from tests.factories.trainings import TrainingSessionFactory
from trainings.models import TrainingBooking
from trainings.services import training_book


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_last_seat_at_once_one_gets_it(postgres_only, monkeypatch):
    """Two threads (two connections) book the last seat on PostgreSQL: exactly one gets it,
    the other lands on the waiting list. The seat rule is slowed down so that, without the
    row lock on the session, both would count a free seat and both take it."""
    from trainings import services

    real_rule = services.gets_seat

    def slow_rule(**kwargs):
        time.sleep(0.3)
        return real_rule(**kwargs)

    monkeypatch.setattr(services, "gets_seat", slow_rule)
    licence = LicenceFactory(modules=4)
    session = TrainingSessionFactory(module=licence.modules.first(), seats=1)
    contenders = [make_superuser(licence=licence), make_superuser(licence=licence)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(person):
        try:
            barrier.wait(timeout=10)
            outcomes.append(training_book(session=session, user=person,
                                          now=WEDNESDAY_MORNING).status)
        except ValidationError as refusal:
            outcomes.append(refusal.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=book, args=(person,)) for person in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["booked", "waiting"]
    assert TrainingBooking.objects.filter(session=session, status="booked").count() == 1
