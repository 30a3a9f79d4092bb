"""Who may change a case: overdue or inactive customers only read; specialists act on their
own team's cases (managers on all); closed cases keep their level; numbering follows the
office's calendar year; a failed registration leaves nothing behind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import MANAGERS, roles_ensure
from cases import services
from cases.models import Attachment, Case, CaseEvent, CaseNumberSequence, Message
from cases.workflows import Category, State
from customers.models import OfficeCountry, PaymentStatus
from tests.factories import (
    WEDNESDAY_MORNING,
    LicenceFactory,
    StaffFactory,
    make_superuser,
    register_case,
)

pytestmark = pytest.mark.django_db


# --- 8. Overdue or inactive customers read, but change nothing ------------------------------

def _block(case: Case, how: str) -> None:
    customer = case.customer
    if how == "overdue":
        customer.payment_status = PaymentStatus.OVERDUE
    else:
        customer.is_active = False
    customer.save()


@pytest.mark.parametrize("how", ["overdue", "inactive"])
def test_a_customer_without_a_right_to_support_cannot_reply_accept_or_close(how):
    question = register_case(category=Category.SUPPORT_QUESTION, now=WEDNESDAY_MORNING)
    order = register_case(reporter=question.reporter, category=Category.ORDER,
                          now=WEDNESDAY_MORNING)
    estimate = services.case_estimate_give(case=order, by=StaffFactory(), amount=Decimal("10"),
                                           currency="SEK", text="x", now=WEDNESDAY_MORNING)
    _block(question, how)
    reporter = question.reporter
    code = "payment_overdue" if how == "overdue" else "customer_inactive"
    refusals = [
        lambda: services.case_message_add(case=question, by=reporter, body="hello?",
                                          now=WEDNESDAY_MORNING),
        lambda: services.case_transition(case=question, by=reporter, target=State.CLOSED,
                                         now=WEDNESDAY_MORNING),
        lambda: services.case_estimate_accept(case=order, by=reporter, version=estimate.version,
                                              now=WEDNESDAY_MORNING),
    ]
    for attempt in refusals:
        with pytest.raises(ValidationError) as refusal:
            attempt()
        assert refusal.value.code == code
    assert not Message.objects.filter(case=question).exists()
    question.refresh_from_db()
    estimate.refresh_from_db()
    assert question.state == State.FIRST_LINE and not estimate.is_accepted


def test_an_overdue_customer_reads_the_case_and_is_told_why_it_cannot_answer(client):
    case = register_case(category=Category.SUPPORT_QUESTION)
    _block(case, "overdue")
    client.force_login(case.reporter)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert case.subject in body and "overdue payments" in body
    assert 'id="reply-form"' not in body and "Move to" not in body
    refused = client.post(reverse("cases:case_reply", args=[case.number]), {"body": "hello"})
    assert refused.status_code == 400 and "overdue payments" in refused.content.decode()
    assert not case.messages.exists()
    client.post(reverse("cases:case_transition", args=[case.number]), {"target": "closed"})
    case.refresh_from_db()
    assert case.state == State.FIRST_LINE


# --- 9. Specialists act on their own team's cases; managers on all ---------------------------

@pytest.fixture
def trade_specialist():
    return StaffFactory(support_team="trade")


def test_a_specialist_of_the_other_team_can_neither_move_reply_assign_nor_relevel(
        trade_specialist):
    case = register_case(service_level=2, now=WEDNESDAY_MORNING)  # a crafts customer
    assert case.team == "crafts"
    attempts = [
        lambda: services.case_transition(case=case, by=trade_specialist, target=State.ESCALATED,
                                         now=WEDNESDAY_MORNING),
        lambda: services.case_message_add(case=case, by=trade_specialist, body="hi",
                                          now=WEDNESDAY_MORNING),
        lambda: services.case_assign(case=case, assignee=trade_specialist, by=trade_specialist,
                                     now=WEDNESDAY_MORNING),
        lambda: services.case_level_change(case=case, by=trade_specialist, level=3,
                                           reason="x", now=WEDNESDAY_MORNING),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="Craftsmen, Transport and Consulting"):
            attempt()
    case.refresh_from_db()
    assert (case.state, case.assignee, case.service_level) == (State.NEW, None, 2)
    # Their own team may not hand the case to someone who may not work on it either.
    with pytest.raises(PermissionDenied):
        services.case_assign(case=case, assignee=trade_specialist, by=StaffFactory(),
                             now=WEDNESDAY_MORNING)


def test_managers_act_on_every_teams_cases(trade_specialist):
    roles_ensure()
    manager = StaffFactory(support_team="")
    manager.groups.add(Group.objects.get(name=MANAGERS))
    case = register_case(now=WEDNESDAY_MORNING)
    services.case_transition(case=case, by=manager, target=State.ESCALATED, now=WEDNESDAY_MORNING)
    case.refresh_from_db()
    assert case.state == State.ESCALATED


def test_transfer_to_the_other_team_is_logged_and_hands_over_the_case(trade_specialist):
    case = register_case(now=WEDNESDAY_MORNING)
    crafts = StaffFactory()
    services.case_assign(case=case, assignee=crafts, by=crafts, now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError):
        services.case_transfer(case=case, by=crafts, team="trade", reason=" ",
                               now=WEDNESDAY_MORNING)
    with pytest.raises(PermissionDenied):  # the other team cannot pull it over
        services.case_transfer(case=case, by=trade_specialist, team="trade",
                               reason="ours", now=WEDNESDAY_MORNING)
    services.case_transfer(case=case, by=crafts, team="trade", reason="Retail customer",
                           now=WEDNESDAY_MORNING)
    case.refresh_from_db()
    assert (case.team, case.assignee) == ("trade", None)
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.TRANSFERRED)
    assert event.details == {"from": "crafts", "to": "trade", "reason": "Retail customer"}
    services.case_transition(case=case, by=trade_specialist, target=State.ESCALATED,
                             now=WEDNESDAY_MORNING)


def test_admin_shows_another_teams_case_read_only(client, trade_specialist):
    roles_ensure()
    trade_specialist.groups.add(Group.objects.get(name="Product specialists"))
    case = register_case()
    client.force_login(trade_specialist)
    url = reverse("admin:cases_case_change", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert case.subject in body and 'name="move_to"' not in body
    client.post(url, {"move_to": State.ESCALATED})
    case.refresh_from_db()
    assert case.state == State.NEW


# --- 4. A closed case keeps its level --------------------------------------------------------

def test_level_change_on_a_closed_case_is_refused():
    case = register_case(service_level=2, now=WEDNESDAY_MORNING)
    staff = StaffFactory()
    services.case_transition(case=case, by=staff, target=State.CLOSED, now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError) as refusal:
        services.case_level_change(case=case, by=staff, level=4, reason="late",
                                   now=WEDNESDAY_MORNING)
    assert refusal.value.code == "closed"
    case.refresh_from_db()
    assert case.service_level == 2


# --- 5. Numbers follow the office's calendar year ------------------------------------------

@pytest.mark.parametrize(("office", "utc_moment"), [
    (OfficeCountry.FINLAND, dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)),  # 00:30 Helsinki
    (OfficeCountry.SWEDEN, dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)),   # 00:30 Stockholm
])
def test_a_case_registered_after_local_midnight_on_new_years_eve_gets_the_new_series(
        office, utc_moment):
    reporter = make_superuser(licence=LicenceFactory(customer__office_country=office))
    case = register_case(reporter=reporter, now=utc_moment)
    assert case.number == "2027-000001"
    assert register_case(reporter=reporter, now=utc_moment - dt.timedelta(hours=1)).number == \
        "2026-000001"


# --- 6. The number is taken last; a failed registration leaves no file ---------------------

def test_the_yearly_number_is_taken_after_files_events_and_mail(monkeypatch):
    seen = {}
    allocate = services.case_number_allocate

    def watching(*, year):
        case = Case.objects.get(number__isnull=True)
        seen["attachments"] = Attachment.objects.filter(case=case).count()
        seen["events"] = CaseEvent.objects.filter(case=case).count()
        seen["sequence_rows"] = CaseNumberSequence.objects.count()
        return allocate(year=year)

    monkeypatch.setattr(services, "case_number_allocate", watching)
    case = register_case(attachments=[SimpleUploadedFile("log.txt", b"trace")])
    assert seen == {"attachments": 1, "events": 1, "sequence_rows": 0}
    assert case.number.endswith("-000001")


def test_a_registration_that_fails_after_storing_files_removes_them(monkeypatch, settings,
                                                                    tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def mail_breaks(**kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(services, "notify", mail_breaks)
    with pytest.raises(RuntimeError):
        register_case(attachments=[SimpleUploadedFile("log.txt", b"trace"),
                                   SimpleUploadedFile("more.txt", b"more")])
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
