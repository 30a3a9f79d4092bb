"""Factories for every app's models: one place, so tests build data the same way."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from customers.models import Customer, Licence, Module, OfficeCountry, TrainingCompletion

__all__ = ["PASSWORD", "UserFactory", "StaffFactory", "make_specialist", "CustomerFactory", "ModuleFactory",
           "LicenceFactory", "TrainingFactory", "make_superuser"]
from customers.teams import Industry

PASSWORD = "Correct-horse-battery-9"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True
    # The team serving CustomerFactory's default industry: specialists act on its cases.
    support_team = "crafts"


def make_specialist(**fields) -> User:
    """A product specialist as in production: staff, in the specialists' group, with the
    team given (crafts, the default customer's team, unless ``support_team=`` says)."""
    from django.contrib.auth.models import Group

    from accounts.roles import PRODUCT_SPECIALISTS, roles_ensure

    roles_ensure()
    user = StaffFactory(**fields)
    user.groups.add(Group.objects.get(name=PRODUCT_SPECIALISTS))
    return user


class CustomerFactory(DjangoModelFactory[Customer]):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Customer {n} AB")
    customer_number = factory.Sequence(lambda n: f"{50000 + n}")
    office_country = OfficeCountry.SWEDEN
    industry = Industry.ELECTRICAL_HVAC


class ModuleFactory(DjangoModelFactory[Module]):
    class Meta:
        model = Module
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"module-{n}")
    name = factory.Sequence(lambda n: f"Module {n}")


class LicenceFactory(DjangoModelFactory[Licence]):
    class Meta:
        model = Licence
        skip_postgeneration_save = True

    customer = factory.SubFactory(CustomerFactory)
    number = factory.Sequence(lambda n: f"L-{n:05d}")
    valid_from = dt.date(2024, 1, 1)

    @factory.post_generation
    def modules(self, create, extracted, **kwargs):
        """``modules=3`` creates three modules; a list uses those modules."""
        if not create:
            return
        if extracted is None:
            extracted = 1
        if isinstance(extracted, int):
            extracted = [ModuleFactory() for _ in range(extracted)]
        self.modules.set(extracted)


class TrainingFactory(DjangoModelFactory[TrainingCompletion]):
    class Meta:
        model = TrainingCompletion

    user = factory.SubFactory(UserFactory)
    module = factory.SubFactory(ModuleFactory)
    completed_on = dt.date(2025, 1, 15)


def make_superuser(*, licence: Licence | None = None, trained: bool = True, **user_fields) -> User:
    """A person with a seat on ``licence`` (a new one by default), trained on its first module."""
    from superusers.services import superuser_seat_assign

    licence = licence or LicenceFactory()
    user = UserFactory(**user_fields)
    superuser_seat_assign(licence=licence, user=user, assigned_by=None)
    if trained:
        TrainingFactory(user=user, module=licence.modules.first())
    user.refresh_from_db()
    return user
