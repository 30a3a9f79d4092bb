import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections

from cases import services
from cases.models import Case, CaseEvent
from cases.workflows import Category, State
from customers.models import PaymentStatus
from tests.factories import (
    WEDNESDAY_MORNING,
    LicenceFactory,
    ModuleFactory,
    StaffFactory,
    UserFactory,
    make_superuser,
    register_case,
)

pytestmark = pytest.mark.django_db
STOCKHOLM = dt.timezone(dt.timedelta(hours=1))  # February: CET


def test_registration_numbers_routes_and_promises():
    reporter = make_superuser(licence=LicenceFactory(customer__industry="retail"))
    case = register_case(reporter=reporter, service_level=2, now=WEDNESDAY_MORNING)
    assert case.number == "2026-000001"
    assert register_case(reporter=reporter, now=WEDNESDAY_MORNING).number == "2026-000002"
    assert case.team == "trade"
    assert case.state == State.NEW
    # Level 2 = 4 open hours from Wed 09:00 CET: 09-12 and 13-14.
    assert case.start_deadline == dt.datetime(2026, 2, 11, 14, 0, tzinfo=STOCKHOLM)
    assert case.resolution_goal == dt.datetime(2026, 2, 13, 16, 0, tzinfo=STOCKHOLM)
    assert CaseEvent.objects.filter(case=case, kind="registered").count() == 1


def test_only_trained_modules_and_eligible_people():
    reporter = make_superuser()
    with pytest.raises(ValidationError) as untrained:
        register_case(reporter=reporter, module=ModuleFactory())
    assert untrained.value.code == "module_not_trained"
    overdue = make_superuser(licence=LicenceFactory(customer__payment_status=PaymentStatus.OVERDUE))
    with pytest.raises(ValidationError) as refusal:
        register_case(reporter=overdue)
    assert refusal.value.code == "payment_overdue"
    assert not Case.objects.exists()


def test_levels_belong_to_bugs_only():
    case = register_case(category=Category.SUPPORT_QUESTION)
    assert case.service_level is None and case.start_deadline is None
    with pytest.raises(ValidationError):
        services.case_register(reporter=case.reporter, module=case.module,
                               category=Category.WISH, subject="s", description="d",
                               service_level=2, now=WEDNESDAY_MORNING)


def test_bad_attachment_refuses_the_whole_registration():
    reporter = make_superuser()
    fake_pdf = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError):
        register_case(reporter=reporter, attachments=[fake_pdf])
    assert not Case.objects.exists()


def test_first_move_out_of_the_initial_state_starts_work():
    case = register_case(now=WEDNESDAY_MORNING)
    staff = StaffFactory()
    later = WEDNESDAY_MORNING + dt.timedelta(hours=1)
    case = services.case_transition(case=case, by=staff, target=State.ESCALATED, now=later)
    assert case.work_started_at == later
    services.case_transition(case=case, by=staff, target=State.ASSESSED,
                             now=later + dt.timedelta(hours=1))
    case.refresh_from_db()
    assert case.work_started_at == later


def test_first_public_reply_starts_work_but_an_internal_note_does_not():
    case = register_case(now=WEDNESDAY_MORNING)
    staff = StaffFactory()
    services.case_message_add(case=case, by=staff, body="Looking", is_internal=True,
                              now=WEDNESDAY_MORNING + dt.timedelta(minutes=5))
    case.refresh_from_db()
    assert case.work_started_at is None
    reply_at = WEDNESDAY_MORNING + dt.timedelta(minutes=30)
    services.case_message_add(case=case, by=staff, body="We are on it", now=reply_at)
    case.refresh_from_db()
    assert case.work_started_at == reply_at


def test_customers_cannot_take_staff_moves_nor_write_internal_notes():
    case = register_case()
    with pytest.raises(ValidationError) as refusal:
        services.case_transition(case=case, by=case.reporter, target=State.ESCALATED,
                                 now=WEDNESDAY_MORNING)
    assert refusal.value.code == "not_yours"
    with pytest.raises(PermissionDenied):
        services.case_message_add(case=case, by=case.reporter, body="x", is_internal=True,
                                  now=WEDNESDAY_MORNING)


def test_another_customers_superuser_cannot_touch_the_case():
    case = register_case()
    stranger = make_superuser()
    with pytest.raises(PermissionDenied):
        services.case_message_add(case=case, by=stranger, body="hi", now=WEDNESDAY_MORNING)


def test_disallowed_move_is_refused_and_changes_nothing():
    case = register_case()
    with pytest.raises(ValidationError) as refusal:
        services.case_transition(case=case, by=StaffFactory(), target=State.DELIVERED,
                                 now=WEDNESDAY_MORNING)
    assert refusal.value.code == "not_allowed"
    case.refresh_from_db()
    assert case.state == State.NEW


def test_order_needs_an_accepted_estimate_before_work():
    case = register_case(category=Category.ORDER)
    staff = StaffFactory()
    services.case_estimate_give(case=case, by=staff, amount=Decimal("4500.00"), currency="SEK",
                                text="Two hours of setup", now=WEDNESDAY_MORNING)
    case.refresh_from_db()
    assert case.state == State.COST_ESTIMATE
    with pytest.raises(ValidationError) as refusal:
        services.case_transition(case=case, by=staff, target=State.WORK, now=WEDNESDAY_MORNING)
    assert refusal.value.code == "estimate_accepted"
    services.case_estimate_accept(case=case, by=case.reporter, version=1, now=WEDNESDAY_MORNING)
    case = services.case_transition(case=case, by=staff, target=State.WORK,
                                    now=WEDNESDAY_MORNING)
    assert case.state == State.WORK
    with pytest.raises(ValidationError):
        services.case_estimate_accept(case=case, by=case.reporter, version=1,
                                      now=WEDNESDAY_MORNING)


def test_lowering_a_level_recomputes_from_registration_and_is_logged():
    case = register_case(service_level=1, now=WEDNESDAY_MORNING)
    staff = StaffFactory()
    with pytest.raises(ValidationError):
        services.case_level_change(case=case, by=staff, level=3, reason=" ",
                                   now=WEDNESDAY_MORNING)
    case = services.case_level_change(case=case, by=staff, level=3,
                                      reason="Workaround provided", now=WEDNESDAY_MORNING)
    # 12 open hours from Wed 09:00: Wed 09-12, 13-16 (6 h), Thu 08-12 (4 h), 13-15 (2 h).
    assert case.start_deadline == dt.datetime(2026, 2, 12, 15, 0, tzinfo=STOCKHOLM)
    event = CaseEvent.objects.get(case=case, kind="level_changed")
    assert event.details == {"from": 1, "to": 3, "reason": "Workaround provided"}
    assert event.actor == staff
    with pytest.raises(PermissionDenied):
        services.case_level_change(case=case, by=case.reporter, level=5, reason="x",
                                   now=WEDNESDAY_MORNING)


def test_closed_case_refuses_customer_replies_after_the_reopening_window():
    # Within the window a reply reopens the case (tests/cases/test_lifecycle.py).
    case = register_case(category=Category.SUPPORT_QUESTION)
    services.case_transition(case=case, by=case.reporter, target=State.CLOSED,
                             now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError):
        services.case_message_add(case=case, by=case.reporter, body="one more thing",
                                  now=WEDNESDAY_MORNING + dt.timedelta(days=15))


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_numbers(postgres_only):
    reporter = make_superuser()
    numbers: list[str] = []
    barrier = threading.Barrier(4)

    def register():
        try:
            barrier.wait(timeout=10)
            numbers.append(register_case(reporter=reporter, now=WEDNESDAY_MORNING).number)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(numbers) == [f"2026-00000{i}" for i in range(1, 5)]


def test_calendar_change_recomputes_open_bugs(django_capture_on_commit_callbacks):
    from sla.models import SupportCalendar
    from sla.services import closed_day_add

    case = register_case(service_level=2, now=WEDNESDAY_MORNING)
    assert case.start_deadline.date() == dt.date(2026, 2, 11)
    with django_capture_on_commit_callbacks(execute=True):
        closed_day_add(calendar=SupportCalendar.objects.get(office="SE"),
                       day=dt.date(2026, 2, 11), name="Office move",
                       actor=UserFactory(is_staff=True))
    case.refresh_from_db()
    # Wednesday is now closed: four open hours on Thursday, 08-12.
    assert case.start_deadline == dt.datetime(2026, 2, 12, 12, 0, tzinfo=STOCKHOLM)
