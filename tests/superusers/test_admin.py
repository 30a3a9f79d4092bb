import pytest
from django.urls import reverse

from superusers.models import SuperUserSeat
from tests.factories import LicenceFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_seat_admin_refuses_beyond_the_limit_with_a_clear_message(client):
    admin = StaffFactory(is_superuser=True)
    licence = LicenceFactory(modules=1)
    client.force_login(admin)
    client.cookies["django_language"] = "en"
    url = reverse("admin:superusers_superuserseat_add")
    for _ in range(2):
        response = client.post(url, {"licence": licence.pk, "user": UserFactory().pk})
        assert response.status_code == 302
    response = client.post(url, {"licence": licence.pk, "user": UserFactory().pk})
    assert response.status_code == 200
    assert "All 2 SuperUser seats on licence" in response.content.decode()
    assert SuperUserSeat.objects.filter(licence=licence).count() == 2
