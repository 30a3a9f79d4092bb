import pytest
from django.core.management import call_command

from accounts.models import User
from customers.models import Customer, PaymentStatus
from superusers.models import SuperUserSeat
from superusers.selectors import superuser_eligibility

pytestmark = pytest.mark.django_db


def counts():
    return (Customer.objects.count(), User.objects.count(), SuperUserSeat.objects.count())


def test_loaddemo_is_idempotent_and_covers_both_offices_teams_and_an_overdue_customer():
    call_command("loaddemo", stdout=open("/dev/null", "w"))
    first = counts()
    call_command("loaddemo", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert set(Customer.objects.values_list("office_country", flat=True)) == {"SE", "FI"}
    assert {c.support_team for c in Customer.objects.all()} == {"crafts", "trade"}
    overdue = User.objects.get(email="johan.dahl@byggplat.example")
    assert overdue.customer.payment_status == PaymentStatus.OVERDUE
    assert not superuser_eligibility(user=overdue).may_register_cases
    anna = User.objects.get(email="anna.lind@elektronord.example")
    assert superuser_eligibility(user=anna).may_register_cases
    assert User.objects.filter(is_staff=True, support_team="crafts").exists()
    assert User.objects.filter(is_staff=True, support_team="trade").exists()
