"""Query counts of the busy case pages do not grow with the data.

Each page is measured twice, on a small and on a larger data set (5 vs 60 cases; 3 vs 30
messages, every third with an attachment), and the two counts must be equal. Each count also
has an upper bound, so a new query on a page is a conscious decision.

Counts are of SQL queries. Each request also runs in one transaction (ATOMIC_REQUESTS), whose
two statements (BEGIN/COMMIT in production, SAVEPOINT/RELEASE inside a test's transaction)
are allowed on top of each bound and left out of the comparison. Each request is made once
before it is measured: the first request of a process loads the office calendars into the
per-process cache (sla.services), which production pays once, not per request.

Rows are bulk-created where the services would be slow, with what the services would have
written: numbers, states along the workflows, SLA instants from the office calendar,
history events, attachments on messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from itertools import cycle

import pytest
from django.db.models import Max
from django.test import Client
from django.utils import timezone

from accounts.models import User
from cases import services
from cases.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseNumberSequence,
    Message,
    TimeEntry,
)
from cases.sla import sla_deadlines
from cases.workflows import Category, State, workflow_for
from customers.models import Module
from sla.services import calendar_table_get
from tests.factories import LicenceFactory, StaffFactory, make_superuser, register_case

pytestmark = pytest.mark.django_db

# Upper bounds in SQL queries, as measured when these tests were written. A portal page
# reads the session and the user with their customer; what the navigation shows about the
# reader comes from the session (portal.reader_facts), so do the filter form's modules. The
# list: the count and the page.
CASE_LIST_MAX = 4
# The case page also reads the case's links and merged duplicates (one query for both).
CASE_DETAIL_MAX = 10
# The home of a SuperUser: seven panels, each one query, and the latest release notes.
DASHBOARD_MAX = 12
# Every admin page also carries the desk header (kundcenter/admin_site.py): the other
# office's calendar version and the at-risk count; the case page also its time log.
ADMIN_CHANGELIST_MAX = 8
ADMIN_CHANGE_FORM_MAX = 21
ADMIN_INDEX_MAX = 9
# The request's transaction: BEGIN/COMMIT, or SAVEPOINT/RELEASE SAVEPOINT in a test.
TRANSACTION_STATEMENTS = 2
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")

# The mix of categories and states the bulk cases cycle through, with a service level
# for bugs (None otherwise).
MIX: list[tuple[str, str, int | None]] = [
    (Category.SOFTWARE_BUG, State.NEW, 2),
    (Category.SUPPORT_QUESTION, State.FIRST_LINE, None),
    (Category.SOFTWARE_BUG, State.ESCALATED, 1),
    (Category.ORDER, State.COST_ESTIMATE, None),
    (Category.SOFTWARE_BUG, State.NEW, 5),
    (Category.WISH, State.PRODUCT_COUNCIL, None),
    (Category.SOFTWARE_BUG, State.PLANNED, 3),
    (Category.SUPPORT_QUESTION, State.CLOSED, None),
    (Category.SOFTWARE_BUG, State.DELIVERED, 4),
    (Category.ORDER, State.WORK, None),
    (Category.SOFTWARE_BUG, State.NEW, 1),
    (Category.WISH, State.RECEIVED, None),
]
BODY = "we looked at the export again."
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def reporter() -> User:
    return make_superuser(language="en")


@pytest.fixture
def specialist() -> User:
    return StaffFactory(is_superuser=True, language="en", first_name="Karin",
                        last_name="Ström")


def _next_numbers(year: int, count: int) -> list[str]:
    """``count`` case numbers of ``year``, taken from the sequence as the service would."""
    sequence, _created = CaseNumberSequence.objects.get_or_create(year=year)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return [f"{year}-{number:06d}" for number in range(first, first + count)]


def bulk_cases(*, reporter: User, count: int, assignee: User | None = None,
               now: dt.datetime | None = None) -> list[Case]:
    """``count`` cases of the reporter's customer, one every seven hours back from ``now``."""
    now = now or timezone.now()
    customer = reporter.customer
    table = calendar_table_get(customer.office_country)
    module = reporter.trainings.first().module
    numbers = _next_numbers(now.year, count)
    cases, events = [], []
    for number, (category, state, level) in zip(numbers, cycle(MIX), strict=False):
        registered_at = now - dt.timedelta(hours=7 * len(cases) + 1)
        case = Case(number=number, customer=customer, reporter=reporter, module=module,
                    category=category, subject=f"Case {number}: totals differ",
                    description="The totals differ from last month's.", service_level=level,
                    state=state, team=customer.support_team, office=customer.office_country,
                    registered_at=registered_at,
                    assignee=assignee if state != workflow_for(category).initial else None)
        if level is not None:
            deadlines = sla_deadlines(table, registered_at=registered_at, level=level)
            case.start_deadline = deadlines.start_deadline
            case.start_at_risk_from = deadlines.start_at_risk_from
            case.resolution_goal = deadlines.resolution_goal
        if state != workflow_for(category).initial:
            case.work_started_at = registered_at + dt.timedelta(minutes=45)
        if state in (State.DELIVERED, State.CLOSED):
            case.resolved_at = registered_at + dt.timedelta(hours=5)
        if state == State.CLOSED:
            case.closed_at = registered_at + dt.timedelta(hours=6)
        cases.append(case)
    Case.objects.bulk_create(cases)
    for case in cases:
        events.append(CaseEvent(case=case, at=case.registered_at, actor=reporter,
                                kind=CaseEvent.Kind.REGISTERED,
                                to_state=workflow_for(case.category).initial))
        if case.work_started_at:
            events.append(CaseEvent(case=case, at=case.work_started_at, actor=assignee,
                                    kind=CaseEvent.Kind.STATE_CHANGED,
                                    from_state=workflow_for(case.category).initial,
                                    to_state=case.state))
    CaseEvent.objects.bulk_create(events)
    return cases


def bulk_messages(*, case: Case, count: int, reporter: User, specialist: User) -> None:
    """A conversation of ``count`` messages: customer and specialist in turn, every fifth
    an internal note, every third with an attachment; history events as the service writes."""
    start = case.registered_at + dt.timedelta(minutes=10)
    messages = []
    for index in range(count):
        by_staff = index % 2 == 1
        messages.append(Message(
            case=case, author=specialist if by_staff else reporter,
            body=f"Message {index + 1}: {BODY}",
            is_internal=by_staff and index % 5 == 4,
            created_at=start + dt.timedelta(minutes=30 * index)))
    Message.objects.bulk_create(messages)
    Attachment.objects.bulk_create([
        Attachment(case=case, message=message, file=f"cases/2026/02/screenshot-{message.pk}.png",
                   original_name=f"screenshot-{message.pk}.png", content_type="image/png",
                   size=len(PNG), uploaded_by=message.author, uploaded_at=message.created_at)
        for index, message in enumerate(messages) if index % 3 == 0])
    CaseEvent.objects.bulk_create([
        CaseEvent(case=case, at=message.created_at, actor=message.author,
                  kind=CaseEvent.Kind.PUBLIC_REPLY, details={"message_id": message.pk})
        for message in messages if not message.is_internal])


def make_case_with_conversation(*, category: str, reporter: User, specialist: User) -> Case:
    """A case registered through the service, with an attachment of its own, an assignee,
    time entries and (orders) an accepted estimate."""
    case = register_case(reporter=reporter, category=category, subject="Export fails")
    Case.objects.filter(pk=case.pk).update(assignee=specialist)
    Attachment.objects.create(case=case, file="cases/2026/02/log.txt", original_name="log.txt",
                              content_type="text/plain", size=120, uploaded_by=reporter,
                              uploaded_at=case.registered_at)
    TimeEntry.objects.bulk_create([
        TimeEntry(case=case, specialist=specialist, minutes=minutes, billable=False,
                  worked_on=case.registered_at.date(), note="Analysis")
        for minutes in (30, 45)])
    if category == Category.ORDER:
        # Waiting for the customer's yes is the order's busiest page: accept button, guards.
        services.case_estimate_give(case=case, by=specialist, amount=Decimal("4500.00"),
                                    currency="SEK", text="Import and check.",
                                    now=timezone.now())
    return Case.objects.get(pk=case.pk)


def grow_conversation(case: Case, *, to: int, reporter: User, specialist: User) -> None:
    have = Message.objects.filter(case=case).count()
    bulk_messages(case=case, count=to - have, reporter=reporter, specialist=specialist)


@pytest.fixture
def measure(django_assert_max_num_queries) -> Callable[..., int]:
    """GET ``url`` twice and count the SQL queries of the second request (transaction control
    left out); fails, listing them (with -v), when there are more than ``at_most``."""

    def run(client: Client, url: str, *, at_most: int, info: str = "", **params) -> int:
        assert client.get(url, params).status_code == 200  # warm the per-process caches
        with django_assert_max_num_queries(at_most + TRANSACTION_STATEMENTS,
                                           info=info) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        queries = [query["sql"] for query in captured.captured_queries
                   if not query["sql"].startswith(TRANSACTION_CONTROL)]
        assert len(queries) <= at_most, info + "\n" + "\n".join(queries)
        return len(queries)

    return run


def grown(what: str) -> str:
    return f"the larger data set ({what}) needs more queries than the small one"


def test_case_list_of_a_superuser(client, reporter, specialist, measure):
    colleague = make_superuser(licence=reporter.seats.first().licence, language="en")
    bulk_cases(reporter=reporter, count=3, assignee=specialist)
    bulk_cases(reporter=colleague, count=2, assignee=specialist)
    client.force_login(reporter)
    small = measure(client, "/cases/", at_most=CASE_LIST_MAX)

    bulk_cases(reporter=reporter, count=35, assignee=specialist)
    bulk_cases(reporter=colleague, count=20, assignee=specialist)
    # Another customer's cases are not on the list, and cost nothing.
    bulk_cases(reporter=make_superuser(language="en"), count=20)
    assert Case.objects.filter(customer=reporter.customer).count() == 60
    assert measure(client, "/cases/", at_most=small, info=grown("60 cases")) == small
    # A filtered list and a later page cost the same.
    assert measure(client, "/cases/", at_most=small, info="filtered, page 2",
                   category="bug", status="open", page="2") == small
    assert client.get("/cases/").content.decode().count("<tr>") == 1 + 25  # header + a page


def test_searching_the_case_list_costs_what_the_list_costs(client, reporter, specialist,
                                                           measure):
    bulk_cases(reporter=reporter, count=4, assignee=specialist)
    client.force_login(reporter)
    small = measure(client, "/cases/", at_most=CASE_LIST_MAX, info="search", q="totals")
    bulk_cases(reporter=reporter, count=56, assignee=specialist)
    assert measure(client, "/cases/", at_most=small, info=grown("60 cases, search"),
                   q="totals") == small
    assert measure(client, "/cases/", at_most=small, info="search by number, page 2",
                   q=Case.objects.filter(customer=reporter.customer).first().number[:4],
                   page="2") == small


def test_the_dashboard_costs_the_same_however_many_cases(client, reporter, specialist, measure):
    bulk_cases(reporter=reporter, count=3, assignee=specialist)
    client.force_login(reporter)
    small = measure(client, "/", at_most=DASHBOARD_MAX)
    bulk_cases(reporter=reporter, count=57, assignee=specialist)
    assert measure(client, "/", at_most=small, info=grown("60 cases, dashboard")) == small


@pytest.mark.parametrize("category", [Category.SOFTWARE_BUG, Category.ORDER])
def test_case_detail_with_a_long_conversation(client, reporter, specialist, measure, category):
    case = make_case_with_conversation(category=category, reporter=reporter,
                                       specialist=specialist)
    grow_conversation(case, to=3, reporter=reporter, specialist=specialist)
    client.force_login(reporter)
    url = case.get_absolute_url()
    small = measure(client, url, at_most=CASE_DETAIL_MAX)

    grow_conversation(case, to=30, reporter=reporter, specialist=specialist)
    assert measure(client, url, at_most=small, info=grown("30 messages")) == small
    page = client.get(url).content.decode()
    public = Message.objects.filter(case=case, is_internal=False).count()
    assert 0 < public < 30
    assert page.count(BODY) == public  # internal notes are not shown
    shown_files = Attachment.objects.filter(case=case).exclude(message__is_internal=True)
    assert page.count("icon-paperclip") == shown_files.count() == 10  # not those of internal notes


def test_admin_changelist(client, reporter, specialist, measure):
    bulk_cases(reporter=reporter, count=3, assignee=specialist)
    bulk_cases(reporter=make_superuser(licence=LicenceFactory(customer__office_country="FI")),
               count=2, assignee=specialist)
    client.force_login(specialist)
    url = "/admin/cases/case/"
    small = measure(client, url, at_most=ADMIN_CHANGELIST_MAX)

    bulk_cases(reporter=reporter, count=30, assignee=specialist)
    bulk_cases(reporter=make_superuser(licence=LicenceFactory(customer__office_country="FI")),
               count=25, assignee=specialist)
    assert Case.objects.count() == 60
    assert measure(client, url, at_most=small, info=grown("60 cases")) == small


@pytest.mark.parametrize("category", [Category.SOFTWARE_BUG, Category.ORDER])
def test_admin_change_form_with_a_long_conversation(client, reporter, specialist, measure,
                                                    category):
    case = make_case_with_conversation(category=category, reporter=reporter,
                                       specialist=specialist)
    grow_conversation(case, to=3, reporter=reporter, specialist=specialist)
    client.force_login(specialist)
    url = f"/admin/cases/case/{case.pk}/change/"
    small = measure(client, url, at_most=ADMIN_CHANGE_FORM_MAX)

    grow_conversation(case, to=30, reporter=reporter, specialist=specialist)
    assert Attachment.objects.filter(case=case).count() == 10 + 1
    assert measure(client, url, at_most=small, info=grown("30 messages")) == small


def test_admin_index_queues_cost_the_same_however_many_cases(client, reporter, specialist,
                                                              measure):
    bulk_cases(reporter=reporter, count=3, assignee=specialist)
    client.force_login(specialist)
    small = measure(client, "/admin/", at_most=ADMIN_INDEX_MAX)
    bulk_cases(reporter=reporter, count=60, assignee=specialist)
    assert measure(client, "/admin/", at_most=small, info=grown("63 cases")) == small


@pytest.mark.parametrize("queue", ["mine", "unassigned", "at_risk", "waiting"])
def test_admin_queue_views_cost_the_same_however_many_cases(client, reporter, specialist,
                                                            measure, queue):
    bulk_cases(reporter=reporter, count=3, assignee=specialist)
    client.force_login(specialist)
    url = f"/admin/cases/case/?queue={queue}&team=all"
    small = measure(client, url, at_most=ADMIN_CHANGELIST_MAX + 1)
    bulk_cases(reporter=reporter, count=60, assignee=specialist)
    assert measure(client, url, at_most=small, info=grown("63 cases")) == small


def test_bulk_rows_look_like_the_services_rows(reporter, specialist):
    """The bulk builder writes what the services would: checked once against the model."""
    for case in bulk_cases(reporter=reporter, count=len(MIX), assignee=specialist):
        case.full_clean()
        assert (case.start_deadline is not None) == (case.category == Category.SOFTWARE_BUG)
    assert Case.objects.aggregate(Max("number"))["number__max"] == \
        f"{timezone.now().year}-{CaseNumberSequence.objects.get().last_number:06d}"
    assert Module.objects.count() == 1
