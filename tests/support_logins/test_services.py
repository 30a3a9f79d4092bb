"""Grant, consultant access, revoke and use: what they write, and every refusal changing
nothing. The clock is always passed as `now`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from audit.models import AuditEntry
from cases.models import Message, OutboxEmail
from cases.services import case_assign, case_transition
from cases.workflows import Category, State
from customers.models import PaymentStatus
from portal.events import message_text
from support_logins import selectors, services
from support_logins.models import GrantKind, GrantStatus, SupportLoginGrant, SupportLoginUse
from tests.factories import (
    FRIDAY_MORNING,
    WEDNESDAY_MORNING,
    StaffFactory,
    UserFactory,
    grant_support_login,
    make_superuser,
    order_with_accepted_estimate,
    register_case,
)

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
SECOND = dt.timedelta(seconds=1)


def _nothing_changed() -> None:
    assert not SupportLoginGrant.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="support_login.").exists()
    assert not OutboxEmail.objects.filter(template__startswith="support_login").exists()


# --- grant -------------------------------------------------------------------------------

def test_grant_records_audits_tells_the_thread_and_mails_the_assignee():
    case = register_case(now=WEDNESDAY_MORNING)
    specialist = StaffFactory()
    case_assign(case=case, assignee=specialist, by=specialist, now=WEDNESDAY_MORNING)

    grant = services.support_login_grant(case=case, by=case.reporter, preset="8wh",
                                         reason="Check the payroll export settings",
                                         now=WEDNESDAY_MORNING, ip_address="10.0.0.7")

    assert grant.customer_id == case.customer_id and grant.case == case
    assert grant.kind == GrantKind.SUPPORT and grant.granted_by == case.reporter
    assert grant.granted_at == WEDNESDAY_MORNING
    # Wed 09:00 Stockholm + 8 open hours = Thu 10:00 (pub-081's pattern).
    assert grant.expires_at == dt.datetime(2026, 2, 12, 9, 0, tzinfo=dt.UTC)
    entry = AuditEntry.objects.get(action="support_login.grant")
    assert entry.actor == case.reporter and entry.customer_id == case.customer_id
    assert entry.subject_id == str(grant.pk) and entry.ip_address == "10.0.0.7"
    assert entry.details["expires_at"] == grant.expires_at.isoformat()
    note = Message.objects.get(case=case)
    assert not note.is_internal and note.author == case.reporter
    assert note.event_kind == "support_login_granted"
    assert note.event_params["reason"] == "Check the payroll export settings"
    with translation.override("en"):
        assert "Reason: Check the payroll export settings" in message_text(note)
    email = OutboxEmail.objects.get(template="support_login_granted")
    assert email.recipient == specialist.email


def test_grant_writes_the_thread_note_in_the_office_time(finnish_superuser):
    case = register_case(reporter=finnish_superuser, now=WEDNESDAY_MORNING)
    grant_support_login(case=case, now=WEDNESDAY_MORNING)
    note = Message.objects.get(case=case)
    # The Finnish office's weekday: Thursday 12 Feb 2026, 11:00 Helsinki (8 open hours from
    # 10:00: 10-11, 12-16, Thu 08-11), whoever reads it.
    with translation.override("en"):
        assert "Thursday 12 February 2026 11:00 (Finnish time)" in message_text(note)


def test_72_hours_on_a_non_friday_is_refused_and_changes_nothing():
    case = register_case(now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError) as refused:
        services.support_login_grant(case=case, by=case.reporter, preset="72h",
                                     now=WEDNESDAY_MORNING)
    assert refused.value.code == "preset_not_allowed"
    assert refused.value.message == selectors.PRESET_72H_FRIDAYS_ONLY
    _nothing_changed()


def test_72_hours_on_a_friday_is_granted():
    case = register_case(now=FRIDAY_MORNING)
    grant = grant_support_login(case=case, preset="72h", now=FRIDAY_MORNING)
    assert grant.expires_at - grant.granted_at == dt.timedelta(hours=72)


def test_unknown_preset_is_refused():
    case = register_case(now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError) as refused:
        grant_support_login(case=case, preset="1w", now=WEDNESDAY_MORNING)
    assert refused.value.message == selectors.UNKNOWN_CHOICE
    _nothing_changed()


@pytest.mark.parametrize("who", ["staff", "no_seat", "other_customer"])
def test_only_a_superuser_of_the_customer_may_grant(who):
    case = register_case(now=WEDNESDAY_MORNING)
    by = {"staff": lambda: StaffFactory(),
          "no_seat": lambda: UserFactory(customer=case.customer),
          "other_customer": lambda: make_superuser()}[who]()
    with pytest.raises(PermissionDenied) as refused:
        services.support_login_grant(case=case, by=by, preset="8wh", now=WEDNESDAY_MORNING)
    assert str(refused.value) == str({"staff": selectors.STAFF_CANNOT_GRANT,
                                      "no_seat": selectors.NOT_A_SUPERUSER,
                                      "other_customer": services.NOT_YOUR_CASE}[who])
    _nothing_changed()


def test_overdue_payments_refuse_a_grant():
    case = register_case(now=WEDNESDAY_MORNING)
    case.customer.payment_status = PaymentStatus.OVERDUE
    case.customer.save()
    case.reporter.refresh_from_db()
    with pytest.raises(PermissionDenied) as refused:
        grant_support_login(case=case, now=WEDNESDAY_MORNING)
    assert str(refused.value) == str(selectors.PAYMENT_OVERDUE)
    _nothing_changed()


def test_a_closed_case_gets_no_grant():
    case = register_case(category=Category.SUPPORT_QUESTION, now=WEDNESDAY_MORNING)
    case_transition(case=case, by=case.reporter, target=State.CLOSED, now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError) as refused:
        grant_support_login(case=case, now=WEDNESDAY_MORNING)
    assert refused.value.code == "case_closed"
    _nothing_changed()


def test_a_second_active_grant_of_the_same_kind_is_refused():
    first = grant_support_login(now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError) as refused:
        grant_support_login(case=first.case, preset="24h", now=WEDNESDAY_MORNING + HOUR)
    assert refused.value.code == "already_active"
    assert SupportLoginGrant.objects.count() == 1
    # Once the first one has ended, a new one is fine.
    second = grant_support_login(case=first.case, preset="24h", now=first.expires_at)
    assert second.pk != first.pk


def test_a_moved_expiry_needs_a_new_confirmation():
    case = register_case(now=WEDNESDAY_MORNING)
    # Shown at Wed 10:59 Stockholm: 8 open hours end Thu 11:59, a minute before lunch.
    # Confirmed three minutes later, they would end after lunch, at 13:02.
    shown_at = dt.datetime(2026, 2, 11, 9, 59, tzinfo=dt.UTC)
    shown = selectors.grant_terms(case=case, choice="8wh", now=shown_at).expires_at
    assert shown == dt.datetime(2026, 2, 12, 10, 59, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as refused:
        services.support_login_grant(case=case, by=case.reporter, preset="8wh",
                                     shown_expires_at=shown, now=shown_at + 3 * 60 * SECOND)
    assert refused.value.code == "expiry_changed"
    _nothing_changed()
    # A minute's drift during open hours is what the SuperUser agreed to.
    grant = services.support_login_grant(case=case, by=case.reporter, preset="8wh",
                                         shown_expires_at=shown, now=shown_at + 60 * SECOND)
    assert grant.expires_at - shown == 60 * SECOND


# --- consultant access -------------------------------------------------------------------

def test_consultant_access_on_an_accepted_order_lasts_24_hours():
    order = order_with_accepted_estimate(now=WEDNESDAY_MORNING)
    assert ("consultant" in dict(selectors.grant_choices_for_case(case=order,
                                                                  now=WEDNESDAY_MORNING)))
    grant = services.consultant_access_grant(case=order, by=order.reporter, now=WEDNESDAY_MORNING)
    assert grant.kind == GrantKind.CONSULTANT and grant.preset == "24h"
    assert grant.expires_at == WEDNESDAY_MORNING + dt.timedelta(hours=24)
    # Consultant access and a troubleshooting grant are different permissions.
    other = grant_support_login(case=order, now=WEDNESDAY_MORNING)
    assert other.kind == GrantKind.SUPPORT


@pytest.mark.parametrize("category", [Category.ORDER, Category.SOFTWARE_BUG])
def test_consultant_access_needs_an_accepted_order(category):
    case = register_case(category=category, now=WEDNESDAY_MORNING)
    assert "consultant" not in dict(selectors.grant_choices_for_case(case=case,
                                                                     now=WEDNESDAY_MORNING))
    with pytest.raises(ValidationError) as refused:
        services.consultant_access_grant(case=case, by=case.reporter, now=WEDNESDAY_MORNING)
    assert refused.value.message == selectors.CONSULTANT_NEEDS_ACCEPTED_ORDER
    _nothing_changed()


# --- revoke ------------------------------------------------------------------------------

def test_any_superuser_of_the_customer_revokes_at_once():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    colleague = make_superuser(licence=grant.case.reporter.seats.first().licence)
    at = WEDNESDAY_MORNING + HOUR
    services.support_login_revoke(grant=grant, by=colleague, now=at)
    grant.refresh_from_db()
    assert grant.revoked_at == at and grant.revoked_by == colleague
    assert grant.status_at(at) == GrantStatus.REVOKED
    assert not grant.is_active_at(at) and grant.is_active_at(at - SECOND)
    entry = AuditEntry.objects.get(action="support_login.revoke")
    assert entry.actor == colleague and entry.customer_id == grant.customer_id
    assert Message.objects.filter(case=grant.case, author=colleague).exists()


def test_revoking_twice_is_refused_and_changes_nothing():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    services.support_login_revoke(grant=grant, by=grant.granted_by, now=WEDNESDAY_MORNING + HOUR)
    with pytest.raises(ValidationError) as refused:
        services.support_login_revoke(grant=grant, by=grant.granted_by,
                                      now=WEDNESDAY_MORNING + 2 * HOUR)
    assert refused.value.message == services.ALREADY_REVOKED
    grant.refresh_from_db()
    assert grant.revoked_at == WEDNESDAY_MORNING + HOUR
    assert AuditEntry.objects.filter(action="support_login.revoke").count() == 1


def test_revoking_an_expired_grant_is_refused():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError) as refused:
        services.support_login_revoke(grant=grant, by=grant.granted_by, now=grant.expires_at)
    assert refused.value.code == "already_ended"
    grant.refresh_from_db()
    assert grant.revoked_at is None


@pytest.mark.parametrize("who", ["staff", "other_customer"])
def test_only_the_customers_superusers_revoke(who):
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    by = StaffFactory() if who == "staff" else make_superuser()
    with pytest.raises(PermissionDenied):
        services.support_login_revoke(grant=grant, by=by, now=WEDNESDAY_MORNING + HOUR)
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_revoking_stays_possible_with_overdue_payments():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    grant.customer.payment_status = PaymentStatus.OVERDUE
    grant.customer.save()
    services.support_login_revoke(grant=grant, by=grant.granted_by, now=WEDNESDAY_MORNING + HOUR)
    grant.refresh_from_db()
    assert grant.revoked_at is not None


# --- use ---------------------------------------------------------------------------------

def test_use_is_recorded_and_audited():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    specialist = StaffFactory()
    use = services.support_login_use(grant=grant, specialist=specialist,
                                     now=WEDNESDAY_MORNING + HOUR, ip_address="10.1.1.1")
    assert use.grant == grant and use.specialist == specialist
    entry = AuditEntry.objects.get(action="support_login.use")
    assert entry.actor == specialist and entry.customer_id == grant.customer_id


def test_access_ends_at_expires_at_on_the_second_with_no_job_run():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    specialist = StaffFactory()
    last_second = grant.expires_at - SECOND
    services.support_login_use(grant=grant, specialist=specialist, now=last_second)
    with pytest.raises(ValidationError) as refused:
        services.support_login_use(grant=grant, specialist=specialist, now=grant.expires_at)
    assert refused.value.code == "expired"
    grant.refresh_from_db()
    assert grant.expiry_processed_at is None  # the beat job never ran
    assert SupportLoginUse.objects.count() == 1
    assert AuditEntry.objects.filter(action="support_login.use").count() == 1
    # Every read agrees with the clock, not with a flag.
    assert grant.is_active_at(last_second) and not grant.is_active_at(grant.expires_at)
    assert list(selectors.grant_list_active_for_case(case=grant.case, now=last_second)) == [grant]
    assert not selectors.grant_list_active_for_case(case=grant.case, now=grant.expires_at)


def test_the_case_panel_lists_a_revoked_grant_only_until_its_revocation():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    revoked_at = WEDNESDAY_MORNING + HOUR
    services.support_login_revoke(grant=grant, by=grant.granted_by, now=revoked_at)
    panel = selectors.grant_list_active_for_case
    assert panel(case=grant.case, now=revoked_at - SECOND) == [grant]
    assert panel(case=grant.case, now=revoked_at) == []
    assert panel(case=grant.case, now=WEDNESDAY_MORNING - SECOND) == []  # not yet granted


def test_use_after_revocation_is_refused():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    services.support_login_revoke(grant=grant, by=grant.granted_by, now=WEDNESDAY_MORNING + HOUR)
    with pytest.raises(ValidationError) as refused:
        services.support_login_use(grant=grant, specialist=StaffFactory(),
                                   now=WEDNESDAY_MORNING + HOUR)
    assert refused.value.code == "revoked"
    assert not SupportLoginUse.objects.exists()


def test_only_staff_use_a_grant():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    with pytest.raises(PermissionDenied):
        services.support_login_use(grant=grant, specialist=grant.granted_by,
                                   now=WEDNESDAY_MORNING + HOUR)
    assert not SupportLoginUse.objects.exists()


def test_expires_after_granted_is_a_database_constraint():
    from django.db import IntegrityError, transaction

    grant = grant_support_login(now=WEDNESDAY_MORNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportLoginGrant.objects.filter(pk=grant.pk).update(expires_at=grant.granted_at)
