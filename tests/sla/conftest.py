"""Opening tables of the seeded calendars, built once per test session without a database."""

from __future__ import annotations

import pytest

from sla.calendar import OpeningTable
from sla.holiday_source import default_table


@pytest.fixture(scope="session")
def tables() -> dict[str, OpeningTable]:
    return {office: default_table(office) for office in ("SE", "FI")}


@pytest.fixture(scope="session")
def se(tables: dict[str, OpeningTable]) -> OpeningTable:
    return tables["SE"]


@pytest.fixture(scope="session")
def fi(tables: dict[str, OpeningTable]) -> OpeningTable:
    return tables["FI"]
