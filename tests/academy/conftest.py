"""Academy fixtures: a SuperUser whose licence covers one module, another module nobody of
the company licenses, and a SuperUser of another customer."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accounts.models import User
from customers.models import Module
from tests.factories import LicenceFactory, ModuleFactory, make_superuser


@dataclass
class World:
    reader: User
    own: Module
    unlicensed: Module
    other: User  # a SuperUser of another customer, licensing ``unlicensed``


@pytest.fixture
def world(db) -> World:
    own = ModuleFactory(code="invoicing", name="Fakturering", name_fi="Laskutus",
                        name_en="Invoicing")
    unlicensed = ModuleFactory(code="payroll", name="Lön")
    reader = make_superuser(licence=LicenceFactory(modules=[own]), language="sv",
                            first_name="Anna", email="anna@example.com")
    other = make_superuser(licence=LicenceFactory(modules=[unlicensed]), language="fi",
                           email="mikko@example.com")
    return World(reader=reader, own=own, unlicensed=unlicensed, other=other)
