"""Reply-tool fixtures: a crafts specialist (whose role may read and write saved replies,
accounts.roles) and a case of the crafts team."""

from __future__ import annotations

import pytest

from tests.factories import make_specialist, make_superuser, register_case


@pytest.fixture
def specialist(db):
    user = make_specialist(support_team="crafts", language="en")
    return user


@pytest.fixture
def staff_client(client, specialist):
    client.force_login(specialist)
    return client


@pytest.fixture
def finnish_case(db):
    return register_case(reporter=make_superuser(language="fi"), subject="Lasku ei tulostu")
