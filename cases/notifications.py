"""Case emails through an outbox.

A service that changes a case calls ``notify``: it writes an ``OutboxEmail`` row in the same
transaction and, after commit, asks Celery to send it. If the broker is down the row stays
unsent and ``outbox_flush`` (Celery beat, every minute) sends it once the broker is back.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User

from .models import Case, OutboxEmail

log = logging.getLogger(__name__)

OFFICE_LANGUAGE = {"SE": "sv", "FI": "fi"}


def recipient_language(user: User, case: Case) -> str:
    """The person's own choice, else the language of the office that serves them."""
    return user.language or OFFICE_LANGUAGE.get(case.office, settings.LANGUAGE_CODE)


def notify(*, case: Case, recipient: User | None, template: str, **context: Any) -> OutboxEmail | None:
    if recipient is None or not recipient.email or not recipient.is_active:
        return None
    email = OutboxEmail.objects.create(
        case=case, recipient=recipient.email, language=recipient_language(recipient, case),
        template=template, context=context,
    )
    transaction.on_commit(lambda: outbox_dispatch(email.pk))
    return email


def outbox_dispatch(email_id: int) -> None:
    """Hand one email to Celery; a broker failure is logged, the outbox keeps the email."""
    from .tasks import outbox_send

    try:
        outbox_send.delay(email_id)
    except Exception as error:  # noqa: BLE001 - any broker error must not fail the request
        log.warning("broker unavailable, email %s stays in the outbox: %s", email_id, error)


OUTBOX_MAX_ATTEMPTS = 8


def outbox_retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: 1, 2, 4 ... minutes, at most
    six hours, so a mail server that is down for a night is not hammered every minute."""
    cap = timedelta(hours=6)
    exponent = min(max(attempts - 1, 0), 16)  # 2**16 minutes is already past the cap
    return min(timedelta(minutes=2 ** exponent), cap)


def outbox_send_one(email_id: int, *, now: datetime | None = None, force: bool = False) -> bool:
    """Send one outbox email if it is still unsent and due. Returns whether it was sent now.

    A failure is recorded (attempt count, error, when to try next) and committed, never
    raised: the outbox row is the one place that knows why a mail has not gone out, and the
    beat job ``outbox_flush`` is the one that tries again. ``force`` (admin's "retry now")
    ignores the backoff and the attempt cap."""
    now = now or timezone.now()
    with transaction.atomic():
        due = OutboxEmail.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            pk=email_id, sent_at__isnull=True)
        if not force:
            due = due.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
                             attempts__lt=OUTBOX_MAX_ATTEMPTS)
        email = due.select_related("case").first()
        if email is None:
            return False
        email.attempts += 1
        email.last_attempt_at = now
        try:
            subject, body = render_outbox_email(email)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email.recipient])
        except Exception as error:  # noqa: BLE001 - recorded on the row and retried later
            log.warning("outbox email %s failed (attempt %s): %s", email.pk, email.attempts, error)
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            email.next_attempt_at = now + outbox_retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_attempt_at", "last_error",
                                      "next_attempt_at"])
            return False
        email.sent_at = now
        email.last_error = ""
        email.next_attempt_at = None
        email.save(update_fields=["attempts", "last_attempt_at", "sent_at", "last_error",
                                  "next_attempt_at"])
        return True


def render_outbox_email(email: OutboxEmail) -> tuple[str, str]:
    context = {**email.context, "case": email.case, "site_url": settings.PORTAL_URL}
    with translation.override(email.language):
        subject = render_to_string(f"cases/email/{email.template}_subject.txt", context)
        body = render_to_string(f"cases/email/{email.template}.txt", context)
    return " ".join(subject.split()), body


def outbox_failing_q() -> Q:
    """Unsent emails whose last try failed (admin shows them with the error)."""
    return Q(sent_at__isnull=True) & ~Q(last_error="")


def outbox_pending_ids(*, now: datetime, limit: int = 500) -> list[int]:
    """Unsent emails that are due now: never tried, or their backoff has passed."""
    return list(OutboxEmail.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        sent_at__isnull=True, attempts__lt=OUTBOX_MAX_ATTEMPTS,
    ).order_by("created_at").values_list("pk", flat=True)[:limit])
