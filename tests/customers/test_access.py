import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from customers.access import get_for_customer_or_404, scope_to_customer
from customers.models import Licence
from tests.factories import LicenceFactory, UserFactory, make_superuser

pytestmark = pytest.mark.django_db


def test_scope_returns_only_the_users_customers_rows():
    own = LicenceFactory()
    other = LicenceFactory()
    user = make_superuser(licence=own)
    assert list(scope_to_customer(Licence.objects.all(), user=user)) == [own]
    assert other not in scope_to_customer(Licence.objects.all(), user=user)


def test_people_without_customer_and_anonymous_see_nothing():
    LicenceFactory()
    assert not scope_to_customer(Licence.objects.all(), user=UserFactory()).exists()
    assert not scope_to_customer(Licence.objects.all(), user=AnonymousUser()).exists()


def test_another_customers_object_is_a_404_like_a_missing_one():
    own = LicenceFactory()
    other = LicenceFactory()
    user = make_superuser(licence=own)
    assert get_for_customer_or_404(Licence.objects.all(), user=user, pk=own.pk) == own
    with pytest.raises(Http404):
        get_for_customer_or_404(Licence.objects.all(), user=user, pk=other.pk)
    with pytest.raises(Http404):
        get_for_customer_or_404(Licence.objects.all(), user=user, pk=10**9)
