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


def test_losing_the_race_for_the_last_seat_is_a_form_error_not_a_success(client, monkeypatch):
    """The form's seat check passed, then someone else took the seat: nothing is saved and
    the form comes back with the reason (not "added successfully")."""
    from django.core.exceptions import ValidationError

    from accounts.models import User

    def seat_taken(**kwargs):
        raise ValidationError("All SuperUser seats on this licence are taken.")

    monkeypatch.setattr("superusers.admin.superuser_seat_assign", seat_taken)
    root = User.objects.create_superuser("root@example.com", "pw-Long-enough-1")
    licence, person = LicenceFactory(), UserFactory()
    client.force_login(root)
    response = client.post(reverse("admin:superusers_superuserseat_add"),
                           {"licence": licence.pk, "user": person.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "All SuperUser seats on this licence are taken." in body
    assert "was added successfully" not in body
    assert not SuperUserSeat.objects.exists()
