"""Case emails through an outbox.

A service that changes a case calls ``notify``: it writes an ``OutboxEmail`` row in the same
transaction and, after commit, asks Celery to send it. If the broker is down the row stays
unsent and ``outbox_flush`` (Celery beat, every minute) sends it once the broker is back.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
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


def outbox_send_one(email_id: int) -> bool:
    """Send one outbox email if it is still unsent. Returns whether it was sent now."""
    with transaction.atomic():
        email = (OutboxEmail.objects.select_for_update(skip_locked=True, of=("self",))
                 .filter(pk=email_id, sent_at__isnull=True).select_related("case").first())
        if email is None:
            return False
        email.attempts += 1
        try:
            subject, body = render_outbox_email(email)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email.recipient])
        except Exception as error:
            email.last_error = str(error)[:2000]
            email.save(update_fields=["attempts", "last_error"])
            raise
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def render_outbox_email(email: OutboxEmail) -> tuple[str, str]:
    context = {**email.context, "case": email.case, "site_url": settings.PORTAL_URL}
    with translation.override(email.language):
        subject = render_to_string(f"cases/email/{email.template}_subject.txt", context)
        body = render_to_string(f"cases/email/{email.template}.txt", context)
    return " ".join(subject.split()), body


def outbox_pending_ids(limit: int = 500) -> list[int]:
    return list(OutboxEmail.objects.filter(sent_at__isnull=True, attempts__lt=20)
                .order_by("created_at").values_list("pk", flat=True)[:limit])
