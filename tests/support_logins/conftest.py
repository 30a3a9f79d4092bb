from __future__ import annotations

import pytest

from customers.models import OfficeCountry
from tests.factories import LicenceFactory, make_superuser


@pytest.fixture
def finnish_superuser():
    """A SuperUser of a customer served by the Helsinki office."""
    return make_superuser(licence=LicenceFactory(customer__office_country=OfficeCountry.FINLAND))
