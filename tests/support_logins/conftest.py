from __future__ import annotations

import pytest

from customers.models import OfficeCountry
from tests.factories import LicenceFactory, make_superuser, support_calendars_seed


@pytest.fixture
def finnish_superuser():
    """A SuperUser of a customer served by the Helsinki office."""
    return make_superuser(licence=LicenceFactory(customer__office_country=OfficeCountry.FINLAND))


@pytest.fixture
def support_calendars(db) -> None:
    """For transactional tests, which may run after another one flushed the seeded rows."""
    support_calendars_seed()
