"""Retention: cases closed longer than the retention period lose their texts and files but
keep what the statistics need; expired sessions, old outbox rows, inbound-mail records and
login attempts are deleted on their own schedules; nothing newer is touched."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services as case_services
from cases.models import Case, OutboxEmail
from cases.workflows import Category
from mailintake.models import InboundMail
from privacy.erasure import ERASED_TEXT
from privacy.retention import closed_cases_anonymise, expired_rows_delete
from privacy.tasks import retention_run
from tests.factories import WEDNESDAY_MORNING, deliver_case, make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db
T = WEDNESDAY_MORNING


def _closed_case(reporter, *, at: dt.datetime, text: str) -> Case:
    case = register_case(reporter=reporter, category=Category.SUPPORT_QUESTION, subject=text,
                         description=text, attachments=[SimpleUploadedFile("a.txt", b"data")],
                         now=at)
    case_services.case_message_add(case=case, by=reporter, body=text, now=at)
    deliver_case(case, now=at + dt.timedelta(hours=1), by=make_specialist())
    case.refresh_from_db()
    assert case.closed_at is not None
    return case


def test_cases_closed_past_retention_lose_texts_and_files_but_keep_their_figures(
        settings, django_capture_on_commit_callbacks):
    settings.PRIVACY_CLOSED_CASE_RETENTION_DAYS = 365
    reporter = make_superuser()
    old = _closed_case(reporter, at=T, text="Gammal fråga från Eva")
    recent = _closed_case(reporter, at=T + dt.timedelta(days=300), text="Ny fråga")
    old_file = old.attachments.get().file.name
    figures = (old.number, old.category, old.registered_at, old.closed_at, old.module_id)

    with django_capture_on_commit_callbacks(execute=True):  # files go after commit
        looked_at = closed_cases_anonymise(now=T + dt.timedelta(days=400))

    assert looked_at == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.subject, old.description) == (ERASED_TEXT, ERASED_TEXT)
    assert old.messages.get().body == ERASED_TEXT and not old.attachments.exists()
    assert not default_storage.exists(old_file)
    assert (old.number, old.category, old.registered_at, old.closed_at, old.module_id) == figures
    assert old.personal_data_erased_at == T + dt.timedelta(days=400)
    assert recent.subject == "Ny fråga" and recent.attachments.exists()
    # Done once: the next night does not look at it again.
    assert closed_cases_anonymise(now=T + dt.timedelta(days=401)) == 0


def test_expired_rows_go_and_current_ones_stay(settings):
    settings.PRIVACY_OUTBOX_RETENTION_DAYS = 90
    settings.PRIVACY_INBOUND_MAIL_RETENTION_DAYS = 365
    settings.PRIVACY_LOGIN_ATTEMPT_RETENTION_DAYS = 90
    now = T + dt.timedelta(days=500)
    for expiry in (now - dt.timedelta(days=1), now + dt.timedelta(days=1)):
        store = SessionStore()
        store.create()
        Session.objects.filter(session_key=store.session_key).update(expire_date=expiry)
    case = register_case(now=T)
    OutboxEmail.objects.update(sent_at=T, created_at=T)  # old and sent
    fresh = OutboxEmail.objects.create(case=case, recipient="a@b.example", language="sv",
                                       template="reply", context={})
    OutboxEmail.objects.filter(pk=fresh.pk).update(created_at=now - dt.timedelta(days=1))
    retrying = OutboxEmail.objects.create(case=case, recipient="c@d.example", language="sv",
                                          template="reply", context={}, attempts=2)
    OutboxEmail.objects.filter(pk=retrying.pk).update(created_at=T)
    for received in (T, now - dt.timedelta(days=10)):
        InboundMail.objects.create(key=f"<{received.isoformat()}@x>", office="SE",
                                   received_at=received, route="ignore", status="processed")
    attempt = {"user_agent": "t", "ip_address": "127.0.0.1", "username": "x@example.com",
               "http_accept": "*/*", "path_info": "/accounts/login/", "get_data": "",
               "post_data": "", "failures_since_start": 1}
    AccessAttempt.objects.create(**attempt)
    AccessAttempt.objects.update(attempt_time=T)
    AccessAttempt.objects.create(**{**attempt, "username": "y@example.com"})
    AccessAttempt.objects.filter(username="y@example.com").update(attempt_time=now)

    counts = expired_rows_delete(now=now)

    assert counts["sessions"] == 1 and Session.objects.count() == 1
    assert set(OutboxEmail.objects.values_list("pk", flat=True)) == {fresh.pk, retrying.pk}
    assert InboundMail.objects.count() == 1 and counts["inbound_mail"] == 1
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["y@example.com"]


def test_the_beat_job_works_off_a_backlog_in_chunks(settings, monkeypatch):
    import time_machine

    settings.PRIVACY_CLOSED_CASE_RETENTION_DAYS = 30
    monkeypatch.setattr("privacy.retention.CHUNK", 2)
    reporter = make_superuser()
    cases = [_closed_case(reporter, at=T + dt.timedelta(minutes=n), text=f"Fråga {n}")
             for n in range(5)]
    with time_machine.travel(T + dt.timedelta(days=60), tick=False):
        result = retention_run()
    assert result["cases"] == 5
    assert all(Case.objects.get(pk=case.pk).subject == ERASED_TEXT for case in cases)
