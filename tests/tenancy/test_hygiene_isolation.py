"""Tenant isolation of case hygiene: merged and linked cases are reachable only by their
own customer, and the case page names no other customer's case, even from a row that
(against the services' rules) points across customers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse

from cases.hygiene import case_link, case_merge
from cases.models import Case, CaseLink
from tests.factories import make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def owner():
    return make_superuser()


@pytest.fixture
def stranger():
    return make_superuser()


@pytest.fixture
def merged_and_linked(owner):
    specialist = make_specialist()
    into = register_case(reporter=owner, subject="Owner's printing problem", now=T0)
    duplicate = register_case(reporter=owner, subject="Owner's duplicate", now=T0)
    related = register_case(reporter=owner, subject="Owner's related case", now=T0)
    case_message_add_public(duplicate, owner, "Owner's secret words")
    case_link(case=into, other=related, by=specialist, now=T0)
    case_merge(duplicate=duplicate, into=into, by=specialist, now=T0)
    return {"into": into, "duplicate": duplicate, "related": related}


def case_message_add_public(case, by, body):
    from cases.services import case_message_add

    case_message_add(case=case, by=by, body=body, now=T0)


def _panel(case, user) -> str:
    return Template("{% load case_hygiene %}{% case_hygiene_panel case user %}").render(
        Context({"case": case, "user": user}))


@pytest.mark.parametrize("which", ["into", "duplicate", "related"])
@pytest.mark.parametrize("url_name", ["cases:case_detail", "cases:case_reply",
                                      "cases:case_follow_up"])
def test_another_customers_superuser_gets_404_on_merged_and_linked_cases(
        client, stranger, merged_and_linked, which, url_name):
    client.force_login(stranger)
    url = reverse(url_name, kwargs={"number": merged_and_linked[which].number})
    method = client.post if url_name == "cases:case_reply" else client.get
    response = method(url, {"body": "hi"})
    assert response.status_code == 404


def test_the_strangers_own_pages_show_nothing_of_the_owners_cases(client, stranger,
                                                                  merged_and_linked):
    register_case(reporter=stranger, subject="Stranger's case", now=T0)
    client.force_login(stranger)
    listing = client.get(reverse("cases:case_list")).content.decode()
    search = client.get(reverse("cases:case_list"), {"q": "Owner"}).content.decode()
    for page in (listing, search):
        for case in merged_and_linked.values():
            assert case.number not in page
        assert "Owner&#x27;s secret words" not in page


def test_the_owner_sees_the_merge_and_the_link(owner, merged_and_linked):
    duplicate = Case.objects.get(pk=merged_and_linked["duplicate"].pk)
    assert merged_and_linked["into"].number in _panel(duplicate, owner)
    assert merged_and_linked["related"].number in _panel(merged_and_linked["into"], owner)


def test_rows_pointing_across_customers_show_nothing_of_the_other_customer(owner, stranger):
    """The services refuse such rows; should one exist anyway (a data repair gone wrong),
    the owner's page still names no case of another customer."""
    mine = register_case(reporter=owner, subject="Mine", now=T0)
    theirs = register_case(reporter=stranger, subject="Theirs, secret", now=T0)
    first, second = sorted((mine, theirs), key=lambda c: c.pk)
    CaseLink.objects.create(case=first, other=second, created_at=T0)
    Case.objects.filter(pk=mine.pk).update(merged_into=theirs)
    Case.objects.filter(pk=theirs.pk).update(merged_into=None)
    mine.refresh_from_db()
    for case, user, foreign in ((mine, owner, theirs), (theirs, stranger, mine)):
        html = _panel(case, user)
        assert foreign.number not in html and foreign.subject not in html


def test_merge_and_link_across_customers_are_refused(owner, stranger):
    from django.core.exceptions import ValidationError

    specialist = make_specialist()
    mine = register_case(reporter=owner, now=T0)
    theirs = register_case(reporter=stranger, now=T0)
    for service in (lambda: case_merge(duplicate=theirs, into=mine, by=specialist, now=T0),
                    lambda: case_link(case=mine, other=theirs, by=specialist, now=T0)):
        with pytest.raises(ValidationError):
            service()
    assert not CaseLink.objects.exists()
    assert not Case.objects.filter(merged_into__isnull=False).exists()
