"""My company: seats used and free per licence, who holds them, and what each SuperUser is
trained on; only the reader's own company, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Licence
from tests.factories import (
    LicenceFactory,
    ModuleFactory,
    TrainingFactory,
    UserFactory,
    make_superuser,
)

pytestmark = pytest.mark.django_db


def _licence_row(page: str, licence: Licence) -> str:
    start = page.index(f'id="licence-{licence.number.lower()}"')
    return page[start:page.index("</tr>", start)]


def test_seats_used_and_free_with_their_holders(client):
    licence = LicenceFactory(modules=4)  # four modules: three seats
    anna = make_superuser(licence=licence, first_name="Anna", last_name="Lind", language="en")
    make_superuser(licence=licence, first_name="Erik", last_name="Holm")
    empty = LicenceFactory(customer=licence.customer, modules=1)
    client.force_login(anna)
    page = client.get(reverse("superusers:company")).content.decode()
    row = _licence_row(page, licence)
    assert 'data-seats-used="2" data-seats-free="1"' in row
    assert "2 of 3" in row and "Anna Lind" in row and "Erik Holm" in row
    assert 'data-seats-used="0" data-seats-free="2"' in _licence_row(page, empty)


def test_each_superusers_trainings_and_whether_a_licence_covers_them(client):
    licence = LicenceFactory(modules=[ModuleFactory(name="Fakturering")])
    anna = make_superuser(licence=licence, language="en")
    erik = make_superuser(licence=licence, trained=False)
    TrainingFactory(user=erik, module=ModuleFactory(name="Lön"))
    client.force_login(anna)
    page = client.get(reverse("superusers:company")).content.decode()
    anna_row = page[page.index(f'data-email="{anna.email}"'):]
    anna_row = anna_row[:anna_row.index("</tr>")]
    erik_row = page[page.index(f'data-email="{erik.email}"'):]
    erik_row = erik_row[:erik_row.index("</tr>")]
    assert "Fakturering" in anna_row and "no active licence" not in anna_row
    assert "(you)" in anna_row and "(you)" not in erik_row
    assert "Lön" in erik_row and "no active licence: no cases on it" in erik_row


def test_another_companys_seats_and_people_are_not_shown(client):
    mine = make_superuser(language="en")
    stranger = make_superuser(first_name="Stranger")
    client.force_login(mine)
    page = client.get(reverse("superusers:company")).content.decode()
    assert stranger.email not in page
    assert stranger.seats.get().licence.number not in page


def _queries_for_page(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("superusers:company")).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_licences_seats_or_trainings(client):
    licence = LicenceFactory(modules=2)
    reader = make_superuser(licence=licence, language="en")
    client.force_login(reader)
    few = _queries_for_page(client)
    for _ in range(3):
        more = LicenceFactory(customer=licence.customer, modules=7)
        for module in more.modules.all()[:3]:
            person = make_superuser(licence=more, trained=False)
            TrainingFactory(user=person, module=module)
            TrainingFactory(user=person, module=ModuleFactory())
    assert _queries_for_page(client) == few


def test_a_person_without_a_company_is_told_why(client):
    client.force_login(UserFactory(language="en"))
    response = client.get(reverse("superusers:company"))
    assert response.status_code == 403
