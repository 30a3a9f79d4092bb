"""Every page of the deferred-join paginator holds what Django's own paginator would show:
the first pages read the plain way, deeper ones through the keys' subquery."""

import pytest
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kundcenter.pagination import DeferredJoinPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    # Not in key order: the list's own order must hold across the pages.
    Group.objects.bulk_create(Group(name=f"team {n % 7} {n:04d}") for n in range(620))
    return Group.objects.order_by("name", "pk")


@pytest.mark.parametrize("orphans", [0, 5])
def test_every_page_is_the_page_djangos_paginator_gives(groups, orphans):
    ours = DeferredJoinPaginator(groups, 25, orphans=orphans)
    theirs = Paginator(groups, 25, orphans=orphans)
    assert ours.num_pages == theirs.num_pages
    for number in ours.page_range:
        page = ours.page(number)
        assert list(page) == list(theirs.page(number)), number
        assert (page.start_index(), page.end_index()) == (theirs.page(number).start_index(),
                                                          theirs.page(number).end_index())


def test_deep_pages_pick_their_keys_in_a_subquery_and_first_pages_do_not(groups):
    paginator = DeferredJoinPaginator(groups, 25)
    paginator.count  # noqa: B018 - asked once, as a page's navigation does
    with CaptureQueriesContext(connection) as first:
        list(paginator.page(1))
    with CaptureQueriesContext(connection) as deep:
        list(paginator.page(20))
    assert len(first) == len(deep) == 1
    assert " IN (SELECT" not in first[0]["sql"] and "OFFSET" not in first[0]["sql"]
    assert " IN (SELECT" in deep[0]["sql"]
