"""Fixtures of the cases tests that need a SuperUser and a specialist of the same team (a
construction customer is the crafts team's); a module defining its own wins."""

from __future__ import annotations

import pytest

from tests.factories import LicenceFactory, make_specialist, make_superuser


@pytest.fixture
def crafts_specialist():
    return make_specialist(support_team="crafts")


@pytest.fixture
def crafts_reporter():
    return make_superuser(licence=LicenceFactory(customer__industry="construction"))
