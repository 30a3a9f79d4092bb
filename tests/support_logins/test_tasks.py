"""The beat job: announces expired grants once (thread, email, audit), late or twice alike;
access never waited for it."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.utils import translation

from audit.models import AuditEntry
from cases.models import Message, OutboxEmail
from cases.notifications import render_outbox_email
from portal.events import message_text
from support_logins import services
from support_logins.models import SupportLoginGrant
from support_logins.tasks import grants_expire
from tests.factories import WEDNESDAY_MORNING, grant_support_login, make_superuser, register_case

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def _announced(grant: SupportLoginGrant) -> tuple[int, int, int]:
    return (AuditEntry.objects.filter(action="support_login.expire", subject_id=str(grant.pk)).count(),
            Message.objects.filter(case=grant.case, author__isnull=True).count(),
            OutboxEmail.objects.filter(template="support_login_expired", case=grant.case).count())


def test_expired_grants_are_announced_once_and_others_left_alone():
    expired = grant_support_login(now=WEDNESDAY_MORNING)
    active = grant_support_login(preset="24h", now=WEDNESDAY_MORNING + 20 * HOUR)
    revoked = grant_support_login(now=WEDNESDAY_MORNING)
    services.support_login_revoke(grant=revoked, by=revoked.granted_by, now=WEDNESDAY_MORNING + HOUR)
    run_at = expired.expires_at + dt.timedelta(seconds=30)

    assert services.support_login_grants_expire(now=run_at) == 1
    expired.refresh_from_db()
    assert expired.expiry_processed_at == run_at
    assert _announced(expired) == (1, 1, 1)
    for untouched in (active, revoked):
        untouched.refresh_from_db()
        assert untouched.expiry_processed_at is None
        assert _announced(untouched) == (0, 0, 0)

    # Safe to run twice (two beat ticks, or two workers one after the other).
    assert services.support_login_grants_expire(now=run_at + HOUR) == 0
    assert _announced(expired) == (1, 1, 1)


def test_the_granting_superuser_is_mailed_with_the_office_time():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    services.support_login_grants_expire(now=grant.expires_at)
    email = OutboxEmail.objects.get(template="support_login_expired")
    assert email.recipient == grant.granted_by.email and email.language == "en"
    with translation.override("en"):
        subject, body = render_outbox_email(email)
    assert grant.case.number in subject
    # Thu 12 Feb 2026 10:00 Stockholm (09:00 UTC).
    assert "Thursday" in body and "10:00 (Swedish time)" in body
    assert "/support-logins/" in body


def test_the_thread_note_says_when_it_ended():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    services.support_login_grants_expire(now=grant.expires_at + 5 * HOUR)
    note = Message.objects.get(case=grant.case, author__isnull=True)
    assert not note.is_internal
    assert note.created_at == grant.expires_at + 5 * HOUR
    with translation.override("en"):
        # The true expiry, not the (late) run.
        assert "it expired at Thursday 12 February 2026 10:00" in message_text(note)


def test_late_after_an_outage_it_catches_up_in_batches():
    superuser = make_superuser()
    grants = [grant_support_login(case=register_case(reporter=superuser, now=WEDNESDAY_MORNING),
                                  now=WEDNESDAY_MORNING + index * HOUR) for index in range(5)]
    assert services.support_login_grants_expire(now=WEDNESDAY_MORNING + 30 * 24 * HOUR,
                                                batch_size=2) == 5
    assert SupportLoginGrant.objects.filter(expiry_processed_at__isnull=True).count() == 0
    assert all(_announced(grant) == (1, 1, 1) for grant in grants)


def test_the_task_uses_the_clock_and_calls_the_service():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    with time_machine.travel(grant.expires_at - dt.timedelta(seconds=1), tick=False):
        assert grants_expire.delay().get() == 0
    with time_machine.travel(grant.expires_at, tick=False):
        assert grants_expire.delay().get() == 1


def test_templates_of_every_email_render():
    from cases.services import case_assign
    from tests.factories import StaffFactory

    case = register_case(now=WEDNESDAY_MORNING)
    specialist = StaffFactory()
    case_assign(case=case, assignee=specialist, by=specialist, now=WEDNESDAY_MORNING)
    grant = grant_support_login(case=case, reason="Fix the VAT codes & rounding",
                                now=WEDNESDAY_MORNING)
    services.support_login_revoke(grant=grant, by=grant.granted_by, now=WEDNESDAY_MORNING + HOUR)
    for template in ("support_login_granted", "support_login_revoked"):
        email = OutboxEmail.objects.get(template=template)
        assert email.recipient == specialist.email
        subject, body = render_outbox_email(email)
        assert case.number in subject and case.number in body
        assert f"/admin/support_logins/supportlogingrant/{grant.pk}/change/" in body
    _subject, body = render_outbox_email(OutboxEmail.objects.get(template="support_login_granted"))
    assert "VAT codes & rounding" in body  # plain text: not HTML-escaped


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_announce_each_grant_once(postgres_only):
    superuser = make_superuser()
    grants = [grant_support_login(case=register_case(reporter=superuser, now=WEDNESDAY_MORNING),
                                  now=WEDNESDAY_MORNING) for _ in range(6)]
    run_at = grants[0].expires_at + HOUR
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def work() -> None:
        try:
            barrier.wait(timeout=10)
            counts.append(services.support_login_grants_expire(now=run_at, batch_size=1))
        finally:
            connections.close_all()  # the test database can be dropped afterwards

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(counts) == 6
    assert all(_announced(grant) == (1, 1, 1) for grant in grants)


@pytest.mark.django_db(transaction=True)
def test_a_grant_locked_elsewhere_is_skipped_not_waited_for(postgres_only):
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    locked = threading.Event()
    release = threading.Event()

    def hold_the_row() -> None:
        try:
            with transaction.atomic():
                SupportLoginGrant.objects.select_for_update().get(pk=grant.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()  # the test database can be dropped afterwards

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        assert services.support_login_grants_expire(now=grant.expires_at) == 0
    finally:
        release.set()
        holder.join(timeout=10)
    assert connection.vendor == "postgresql"
    assert services.support_login_grants_expire(now=grant.expires_at) == 1
