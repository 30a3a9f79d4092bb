import pytest
from django.urls import reverse

from tests.factories import WEDNESDAY_MORNING, LicenceFactory, make_superuser
from tests.factories.trainings import TrainingSessionFactory
from trainings.models import TrainingBooking
from trainings.services import training_book

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    licence = LicenceFactory(modules=2)
    module = licence.modules.order_by("pk").last()
    owner = make_superuser(licence=licence)
    session = TrainingSessionFactory(module=module, starts_at=WEDNESDAY_MORNING.replace(year=2099),
                                     ends_at=WEDNESDAY_MORNING.replace(year=2099, hour=11))
    booking = training_book(session=session, user=owner, now=WEDNESDAY_MORNING)
    return owner, session, booking


def login(client, user):
    client.force_login(user)


@pytest.mark.parametrize("who", ["other_customer", "colleague"])
def test_someone_elses_booking_is_a_404(client, setup, who):
    owner, session, booking = setup
    other = make_superuser() if who == "other_customer" else make_superuser(
        licence=owner.seats.first().licence)
    login(client, other)
    for name in ("trainings:booking_ics", "trainings:booking_cancel"):
        assert client.get(reverse(name, args=[booking.pk])).status_code == 404
    assert client.post(reverse("trainings:booking_cancel", args=[booking.pk])).status_code == 404
    assert f"booking-{booking.pk}" not in client.get(reverse("trainings:booking_list")).text
    booking.refresh_from_db()
    assert booking.status == TrainingBooking.Status.BOOKED


def test_pages_for_the_booker(client, setup):
    owner, session, booking = setup
    login(client, owner)
    assert client.get(reverse("trainings:session_list")).status_code == 200
    assert client.get(reverse("trainings:session_list") + f"?module={session.module_id}"
                      ).status_code == 200
    assert client.get(session.get_absolute_url()).status_code == 200
    page = client.get(reverse("trainings:booking_list")).text
    assert reverse("trainings:booking_ics", args=[booking.pk]) in page
    response = client.post(reverse("trainings:booking_cancel", args=[booking.pk]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == TrainingBooking.Status.CANCELLED


def test_booking_through_the_page(client, setup):
    owner, session, _booking = setup
    (other,) = [make_superuser(licence=LicenceFactory(customer=owner.customer,
                                                      modules=[session.module]))]
    login(client, other)
    assert client.post(reverse("trainings:session_book", args=[session.pk])).status_code == 302
    assert TrainingBooking.objects.filter(user=other, status="booked").exists()


def test_signed_out_and_seatless_people_are_kept_out(client, setup):
    owner, session, booking = setup
    assert client.get(reverse("trainings:session_list")).status_code == 302
    from tests.factories import UserFactory
    login(client, UserFactory())
    assert client.get(reverse("trainings:session_list")).status_code == 403
