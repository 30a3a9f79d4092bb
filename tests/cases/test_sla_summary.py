"""A SuperUser sees how the start promise was kept on their own company's bugs — by month
and level — and never another customer's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.selectors import customer_sla_summary
from cases.services import case_message_add
from tests.factories import LicenceFactory, make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db

# Wed 11 Feb 2026 09:00 Stockholm; level 3 promises a start within 8 open hours.
REGISTERED = dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def specialist(crafts_specialist):
    return crafts_specialist


@pytest.fixture
def reporter(crafts_reporter):
    return crafts_reporter


def bug(reporter, *, at=REGISTERED, level=3):
    return register_case(reporter=reporter, service_level=level, now=at)


def test_figures_by_month_and_level(reporter, specialist):
    in_time = bug(reporter)
    case_message_add(case=in_time, by=specialist, body="On it", now=REGISTERED + dt.timedelta(hours=1))
    late = bug(reporter)
    case_message_add(case=late, by=specialist, body="Sorry", now=REGISTERED + dt.timedelta(days=3))
    bug(reporter)  # never started: late by NOW
    march = bug(reporter, at=dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC), level=2)  # waiting
    rows = customer_sla_summary(user=reporter, now=NOW, since=NOW - dt.timedelta(days=365))
    by_key = {(row.month.isoformat(), row.level): row for row in rows}
    february = by_key[("2026-02-01", 3)]
    assert (february.bugs, february.started_in_time, february.started_late,
            february.waiting_in_time, february.waiting_late) == (3, 1, 1, 0, 1)
    assert february.kept_percent == 33
    assert march.start_deadline > NOW
    waiting = by_key[("2026-03-01", 2)]
    assert (waiting.bugs, waiting.waiting_in_time, waiting.kept_percent) == (1, 1, None)
    assert [row.month.isoformat() for row in rows] == ["2026-03-01", "2026-02-01"]


def test_another_customers_bugs_are_never_counted(client, reporter):
    bug(reporter)
    other = make_superuser(licence=LicenceFactory(customer__industry="construction"))
    bug(other)
    bug(other)
    rows = customer_sla_summary(user=reporter, now=NOW, since=NOW - dt.timedelta(days=365))
    assert sum(row.bugs for row in rows) == 1
    client.force_login(other)
    page = client.get(reverse("cases:sla_summary")).content.decode()
    assert page.count('data-level="3"') == 1 and ">2</td>" in page


def test_the_page_is_for_the_customers_people_only(client):
    assert client.get(reverse("cases:sla_summary")).status_code == 302  # to the login
    client.force_login(make_specialist(support_team="crafts"))
    assert client.get(reverse("cases:sla_summary")).status_code in (302, 403)
