import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections

from audit.models import AuditEntry
from superusers.models import SuperUserSeat
from superusers.services import superuser_seat_assign, superuser_seat_release
from tests.factories import LicenceFactory, StaffFactory, UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(("modules", "seats"), [(1, 2), (3, 2), (4, 3), (6, 3), (7, 4), (9, 4)])
def test_seat_limit_follows_module_count(modules, seats):
    licence = LicenceFactory(modules=modules)
    for _ in range(seats):
        superuser_seat_assign(licence=licence, user=UserFactory(), assigned_by=None)
    with pytest.raises(ValidationError) as refusal:
        superuser_seat_assign(licence=licence, user=UserFactory(), assigned_by=None)
    assert refusal.value.code == "seat_limit"
    assert SuperUserSeat.objects.filter(licence=licence).count() == seats


@pytest.mark.django_db
def test_assigning_a_seat_makes_the_person_belong_to_the_customer_and_is_audited():
    licence = LicenceFactory()
    staff = StaffFactory()
    person = UserFactory()
    superuser_seat_assign(licence=licence, user=person, assigned_by=staff)
    person.refresh_from_db()
    assert person.customer_id == licence.customer_id
    entry = AuditEntry.objects.get(action="superuser_seat.assign")
    assert (entry.actor, entry.subject_id, entry.customer_id) == (
        staff, str(person.pk), licence.customer_id)


@pytest.mark.django_db
def test_a_person_cannot_serve_two_customers_nor_take_two_seats_on_one_licence():
    licence = LicenceFactory()
    person = UserFactory()
    superuser_seat_assign(licence=licence, user=person, assigned_by=None)
    with pytest.raises(ValidationError) as twice:
        superuser_seat_assign(licence=licence, user=person, assigned_by=None)
    assert twice.value.code == "already_held"
    with pytest.raises(ValidationError) as other:
        superuser_seat_assign(licence=LicenceFactory(), user=person, assigned_by=None)
    assert other.value.code == "other_customer"


@pytest.mark.django_db
def test_staff_cannot_take_a_customer_seat():
    with pytest.raises(ValidationError) as refusal:
        superuser_seat_assign(licence=LicenceFactory(), user=StaffFactory(), assigned_by=None)
    assert refusal.value.code == "staff"


@pytest.mark.django_db
def test_releasing_the_last_seat_detaches_the_person_from_the_customer():
    licence = LicenceFactory()
    person = UserFactory()
    seat = superuser_seat_assign(licence=licence, user=person, assigned_by=None)
    superuser_seat_release(seat=seat, released_by=None)
    person.refresh_from_db()
    assert person.customer_id is None
    assert not SuperUserSeat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_cannot_both_take_the_last_seat(postgres_only, monkeypatch):
    """Two threads race for the last free seat on PostgreSQL: exactly one wins.

    The seat count is slowed down so that, without the row lock, both threads would
    count one seat taken and both insert.
    """
    from superusers import services

    real_rule = services.seats_allowed

    def slow_rule(*args, **kwargs):
        time.sleep(0.3)
        return real_rule(*args, **kwargs)

    monkeypatch.setattr(services, "seats_allowed", slow_rule)
    licence = LicenceFactory(modules=1)
    superuser_seat_assign(licence=licence, user=UserFactory(), assigned_by=None)
    contenders = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take_seat(person):
        try:
            barrier.wait(timeout=10)
            superuser_seat_assign(licence=licence, user=person, assigned_by=None)
            outcomes.append("won")
        except ValidationError as refusal:
            outcomes.append(refusal.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=take_seat, args=(p,)) for p in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["seat_limit", "won"]
    assert SuperUserSeat.objects.filter(licence=licence).count() == 2
