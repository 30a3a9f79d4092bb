"""The session remembers what every page shows about its reader (may they register cases,
how many release notes are unread) — and forgets it on every write that changes it."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from academy.services import releases_mark_read
from customers.models import PaymentStatus
from superusers.models import SuperUserSeat
from tests.factories import ModuleFactory, TrainingFactory, make_superuser
from tests.factories.academy import published_release

pytestmark = pytest.mark.django_db

REGISTER = reverse("cases:case_create")
PAGE = reverse("knowledgebase:home")  # any page with the navigation


def _nav(client) -> tuple[bool, str | None]:
    """(the "Register a case" link is shown, the unread badge's count)."""
    html = client.get(PAGE).content.decode()
    badge = re.search(r'nav-badge" data-unread="(\d+)"', html)
    return f'href="{REGISTER}"' in html, badge.group(1) if badge else None


@pytest.fixture
def reader(client):
    user = make_superuser()
    client.force_login(user)
    return user


def test_a_page_whose_facts_have_not_changed_asks_the_database_nothing_for_them(client, reader):
    published_release(reader.customer.licences.first().modules.first())
    assert _nav(client) == (True, "1")
    with CaptureQueriesContext(connection) as second:
        assert _nav(client) == (True, "1")
    tables = " ".join(q["sql"] for q in second.captured_queries)
    assert "superusers_superuserseat" not in tables
    assert "academy_release" not in tables
    assert "customers_customer" in tables  # with the user: payment and activity stay live


def test_releasing_the_seat_is_seen_on_the_next_page(client, reader):
    assert _nav(client)[0]
    SuperUserSeat.objects.filter(user=reader).delete()
    assert _nav(client) == (False, None)


def test_losing_the_training_is_seen_on_the_next_page(client, reader):
    assert _nav(client)[0]
    reader.trainings.all().delete()
    assert _nav(client)[0] is False


def test_gaining_a_training_is_seen_on_the_next_page(client):
    user = make_superuser(trained=False)
    client.force_login(user)
    assert _nav(client)[0] is False
    TrainingFactory(user=user, module=user.customer.licences.first().modules.first())
    assert _nav(client)[0] is True


def test_a_deactivated_licence_is_seen_on_the_next_page(client, reader):
    assert _nav(client)[0]
    licence = reader.customer.licences.get()
    licence.is_active = False
    licence.save()
    assert _nav(client)[0] is False


def test_a_module_taken_off_the_licence_is_seen_on_the_next_page(client, reader):
    licence = reader.customer.licences.get()
    trained = licence.modules.first()
    assert _nav(client)[0]
    licence.modules.remove(trained)
    assert _nav(client)[0] is False
    trained.licences.add(licence)  # from the module's side
    assert _nav(client)[0] is True


def test_payment_and_activity_of_the_customer_count_at_once(client, reader):
    assert _nav(client)[0]
    customer = reader.customer
    customer.payment_status = PaymentStatus.OVERDUE
    customer.save()
    assert _nav(client)[0] is False
    customer.payment_status = PaymentStatus.PAID_UP
    customer.is_active = False
    customer.save()
    assert _nav(client)[0] is False


def test_a_published_release_and_a_read_move_the_badge(client, reader):
    module = reader.customer.licences.first().modules.first()
    assert _nav(client)[1] is None
    first = published_release(module, version="2026.40")
    assert _nav(client)[1] == "1"
    published_release(module, version="2026.41")
    assert _nav(client)[1] == "2"
    releases_mark_read(user=reader, releases=[first], now=timezone.now())  # a bulk write
    assert _nav(client)[1] == "1"
    unpublished = first.__class__.objects.exclude(pk=first.pk).get()
    unpublished.published_at = None
    unpublished.save()
    assert _nav(client)[1] is None


def test_a_colleagues_facts_are_their_own(client, reader):
    colleague = make_superuser(licence=reader.customer.licences.get(), trained=False)
    assert _nav(client)[0] is True
    client.force_login(colleague)
    assert _nav(client)[0] is False


def test_a_release_for_a_module_the_customer_does_not_license_changes_no_count(client, reader):
    published_release(ModuleFactory(), version="2026.50",
                      published_at=timezone.now() - dt.timedelta(hours=1))
    assert _nav(client)[1] is None


def test_registering_still_decides_on_the_database(client, reader):
    assert _nav(client)[0]
    reader.customer.licences.update(is_active=False)  # no signal: the session is stale
    assert _nav(client)[0] is True
    response = client.get(REGISTER)
    assert response.status_code == 403


LIST = reverse("cases:case_list")


def _module_choices(client) -> list[str]:
    """The names the case list's module filter offers."""
    html = client.get(LIST).content.decode()
    select = re.search(r'<select name="module".*?</select>', html, re.S).group(0)
    return [name for value, name in re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select)
            if value]


def test_the_case_lists_module_filter_is_remembered_with_the_facts(client, reader):
    trained = reader.trainings.get().module
    assert _module_choices(client) == [trained.display_name]
    with CaptureQueriesContext(connection) as second:
        assert _module_choices(client) == [trained.display_name]
    tables = " ".join(q["sql"] for q in second.captured_queries)
    assert "customers_trainingcompletion" not in tables
    assert "customers_module" not in tables.replace('"cases_case"."module_id"', "")


def test_a_training_and_a_renamed_module_reach_the_case_lists_filter(client, reader):
    licence = reader.customer.licences.get()
    first = reader.trainings.get().module
    second = ModuleFactory(name="Zeta", name_sv="Zeta", name_fi="Zeta", name_en="Zeta")
    licence.modules.add(second)
    assert _module_choices(client) == [first.display_name]
    TrainingFactory(user=reader, module=second)
    assert _module_choices(client) == [first.display_name, "Zeta"]
    second.name_sv = second.name_en = second.name_fi = "Zeta II"
    second.save()
    assert _module_choices(client)[-1] == "Zeta II"
    licence.modules.remove(first)
    assert _module_choices(client) == ["Zeta II"]
