"""Retention: personal data kept no longer than it serves. Cases closed longer than
PRIVACY_CLOSED_CASE_RETENTION_DAYS lose their texts and files (numbers, categories, times
and SLA figures stay for the statistics; a legal hold keeps billed orders whole); expired
sessions, old outbox rows, inbound-mail records and login attempts are deleted."""

from __future__ import annotations

from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction

from cases.models import Attachment, Case, CaseRating, Message, OutboxEmail
from cases.notifications import OUTBOX_MAX_ATTEMPTS
from mailintake.models import InboundMail

from .erasure import Outcome, erase_rows, files_remove_on_commit
from .registry import rule_for

# Cases anonymised per transaction: a backlog of years is worked off in short locks.
CHUNK = 500


def _days(setting: str) -> timedelta:
    return timedelta(days=getattr(settings, setting))


def closed_cases_anonymise(*, now: datetime, limit: int | None = None) -> int:
    """One chunk of closed cases past retention; returns how many cases it looked at (the
    beat job repeats until none are due)."""
    outcome = Outcome()
    with transaction.atomic():
        due = list(Case.objects.select_for_update(skip_locked=True)
                   .filter(closed_at__lt=now - _days("PRIVACY_CLOSED_CASE_RETENTION_DAYS"),
                           personal_data_erased_at__isnull=True)
                   .order_by("closed_at").values_list("pk", flat=True)[:limit or CHUNK])
        if not due:
            return 0
        case_rule = rule_for(Case)
        erase_rows(case_rule, Case.objects.filter(pk__in=due), outcome=outcome, now=now)
        held = {int(item["id"]) for item in outcome.held if item["model"] == case_rule.label}
        cleared = [pk for pk in due if pk not in held]
        for model in (Message, Attachment, CaseRating):
            erase_rows(rule_for(model), model.objects.filter(case_id__in=cleared),
                       outcome=outcome, now=now)
        # A held case is marked too: it is looked at again only when the hold is over, which
        # the next erasure of its reporter or a later rule decides, not every night.
        Case.objects.filter(pk__in=due).update(personal_data_erased_at=now)
        files_remove_on_commit(outcome.files)
    return len(due)


def expired_rows_delete(*, now: datetime) -> dict[str, int]:
    """Sessions past expiry, sent outbox rows, inbound-mail records and login attempts past
    their retention."""
    login_cutoff = now - _days("PRIVACY_LOGIN_ATTEMPT_RETENTION_DAYS")
    outbox_cutoff = now - _days("PRIVACY_OUTBOX_RETENTION_DAYS")
    return {
        "sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
        "outbox": OutboxEmail.objects.filter(created_at__lt=outbox_cutoff).exclude(
            sent_at__isnull=True, attempts__lt=OUTBOX_MAX_ATTEMPTS).delete()[0],
        "inbound_mail": InboundMail.objects.filter(
            received_at__lt=now - _days("PRIVACY_INBOUND_MAIL_RETENTION_DAYS")).delete()[0],
        "login_attempts": (AccessAttempt.objects.filter(attempt_time__lt=login_cutoff).delete()[0]
                           + AccessLog.objects.filter(attempt_time__lt=login_cutoff).delete()[0]
                           + AccessFailureLog.objects.filter(attempt_time__lt=login_cutoff)
                           .delete()[0]),
    }
