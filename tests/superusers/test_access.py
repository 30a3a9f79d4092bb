import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views import View

from customers.models import PaymentStatus
from superusers.access import CaseRegistrationAllowedMixin
from tests.factories import LicenceFactory, UserFactory, make_superuser

pytestmark = pytest.mark.django_db


class ProtectedView(CaseRegistrationAllowedMixin, View):
    def get(self, request):
        return HttpResponse("registration form")


def call(user):
    request = RequestFactory().get("/cases/new/")
    request.user = user
    return ProtectedView.as_view()(request)


def test_a_trained_superuser_of_a_paid_up_customer_gets_through():
    assert call(make_superuser()).content == b"registration form"


@pytest.mark.parametrize(("make_user", "reason"), [
    (lambda: UserFactory(), "no_seat"),
    (lambda: make_superuser(trained=False), "no_training"),
    (lambda: make_superuser(licence=LicenceFactory(
        customer__payment_status=PaymentStatus.OVERDUE)), "payment_overdue"),
    (lambda: make_superuser(licence=LicenceFactory(customer__is_active=False)),
     "customer_inactive"),
])
def test_everyone_else_is_told_why(make_user, reason):
    response = call(make_user())
    assert response.status_code == 403
    assert f'data-reason="{reason}"' in response.content.decode()


def test_training_only_counts_for_modules_on_the_customers_active_licences():
    from tests.factories import TrainingFactory

    user = make_superuser(trained=False)
    TrainingFactory(user=user)  # a module none of the customer's licences covers
    assert call(user).status_code == 403


def test_home_page_explains_overdue_payments(client):
    user = make_superuser(licence=LicenceFactory(customer__payment_status=PaymentStatus.OVERDUE))
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-reason="payment_overdue"' in page
    assert "overdue payments" in page


def test_company_page_shows_own_company_only(client):
    user = make_superuser()
    other = LicenceFactory()
    client.force_login(user)
    page = client.get(reverse("superusers:company")).content.decode()
    assert user.customer.name in page
    assert other.customer.name not in page
    assert other.number not in page


def test_company_page_refuses_people_without_a_customer(client):
    client.force_login(UserFactory())
    assert client.get(reverse("superusers:company")).status_code == 403


@pytest.mark.parametrize(("make_user", "reason"), [
    (lambda: UserFactory(), "no_seat"),
    (lambda: make_superuser(licence=LicenceFactory(
        customer__payment_status=PaymentStatus.OVERDUE)), "payment_overdue"),
])
def test_case_registration_page_refuses_with_the_reason(client, make_user, reason):
    client.force_login(make_user())
    response = client.get(reverse("cases:case_create"))
    assert response.status_code == 403
    assert f'data-reason="{reason}"' in response.content.decode()
