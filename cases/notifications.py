"""Case emails through an outbox.

A service that changes a case calls ``notify``: it writes an ``OutboxEmail`` row in the same
transaction and, after commit, asks Celery to send it. If the broker is down the row stays
unsent and ``outbox_flush`` (Celery beat, every minute) sends it once the broker is back.

The recipient's notification preferences (accounts.rules) decide first: "none" writes
nothing, "digest" keeps the email's details for the daily digest (``digests_queue``, Celery beat), which
is itself an outbox row. Templates no preference covers are always sent.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from accounts.models import DigestItem, NotificationDelivery, NotificationPreference, User
from accounts.rules import delivery_for, digest_due, notification_kind

from .models import Case, OutboxEmail

log = logging.getLogger(__name__)

OFFICE_LANGUAGE = {"SE": "sv", "FI": "fi"}


def recipient_language(user: User, case: Case) -> str:
    """The person's own choice, else the language of the office that serves them."""
    return user.language or OFFICE_LANGUAGE.get(case.office, settings.LANGUAGE_CODE)


def notify(*, case: Case, recipient: User | None, template: str, **context: Any) -> OutboxEmail | None:
    """Queue the email (returned), keep it for the digest, or drop it, as the recipient
    chose for its kind."""
    if recipient is None or not recipient.email or not recipient.is_active:
        return None
    delivery = _delivery(recipient, template)
    if delivery == NotificationDelivery.NONE:
        return None
    if delivery == NotificationDelivery.DIGEST:
        DigestItem.objects.create(user=recipient, case=case, template=template, context=context)
        return None
    email = OutboxEmail.objects.create(
        case=case, recipient=recipient.email, language=recipient_language(recipient, case),
        template=template, context=context,
    )
    transaction.on_commit(lambda: outbox_dispatch(email.pk))
    return email


def _delivery(recipient: User, template: str) -> NotificationDelivery:
    kind = notification_kind(template)
    if kind is None:  # not tunable: no need to ask the database
        return NotificationDelivery.EVERY
    preferences = dict(NotificationPreference.objects.filter(user=recipient, kind=kind)
                       .values_list("kind", "delivery"))
    return delivery_for(template, preferences)


DIGEST_TEMPLATE = "accounts/email/digest"
# Items already in a digest are kept this long (the last one tells when the person's last
# digest went out), then deleted.
DIGEST_ITEMS_KEPT = timedelta(days=7)


def digests_queue(*, now: datetime) -> int:
    """Write each person's digest of the items waiting for them into the outbox, at most one
    a local day (accounts.rules.digest_due). Returns how many digests were queued."""
    DigestItem.objects.filter(digested_at__lt=now - DIGEST_ITEMS_KEPT).delete()
    waiting = list(DigestItem.objects.filter(digested_at__isnull=True).order_by("user_id")
                   .values_list("user_id", flat=True).distinct())
    last_digest = dict(DigestItem.objects.filter(user_id__in=waiting, digested_at__isnull=False)
                       .values("user_id").annotate(last=Max("digested_at"))
                       .values_list("user_id", "last"))
    local_now = timezone.localtime(now)
    queued = 0
    for user_id in waiting:
        if digest_due(last_digest_at=last_digest.get(user_id), now=local_now):
            queued += _digest_queue_one(user_id=user_id, now=now) is not None
    return queued


@transaction.atomic
def _digest_queue_one(*, user_id: int, now: datetime) -> OutboxEmail | None:
    # Locked, so two beat runs at once cannot put the same item into two digests.
    items = list(DigestItem.objects.select_for_update(skip_locked=True, of=("self",))
                 .filter(user_id=user_id, digested_at__isnull=True)
                 .select_related("user", "case").order_by("created_at", "pk"))
    if not items:
        return None
    DigestItem.objects.filter(pk__in=[item.pk for item in items]).update(digested_at=now)
    user = items[0].user
    if not user.email or not user.is_active:
        return None
    last_case = next((item.case for item in reversed(items) if item.case is not None), None)
    language = (recipient_language(user, last_case) if last_case is not None
                else user.language or settings.LANGUAGE_CODE)
    lines = [{"summary": _render(item.template, {**item.context, "case": item.case}, language,
                                 body=False)[0],
              "path": item.case.get_absolute_url() if item.case else ""}
             for item in items]
    email = OutboxEmail.objects.create(
        case=None, recipient=user.email, language=language, template=DIGEST_TEMPLATE,
        context={"items": lines},
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
    return _render(email.template, {**email.context, "case": email.case}, email.language)


def _render(template: str, context: dict[str, Any], language: str, *,
            body: bool = True) -> tuple[str, str]:
    # A template named with its folder (the digest, from accounts) is used as it is; the
    # others are the case emails in cases/email/.
    path = template if "/" in template else f"cases/email/{template}"
    context = {**context, "site_url": settings.PORTAL_URL}
    with translation.override(language):
        subject = _render_plain(f"{path}_subject.txt", context)
        text = _render_plain(f"{path}.txt", context) if body else ""
    return " ".join(subject.split()), text


def _render_plain(name: str, context: dict[str, Any]) -> str:
    # Mail is plain text: a case subject "Moms & <avdrag>" must not arrive as "&amp; &lt;".
    return get_template(name).template.render(Context(context, autoescape=False))


def outbox_failing_q() -> Q:
    """Unsent emails whose last try failed (admin shows them with the error)."""
    return Q(sent_at__isnull=True) & ~Q(last_error="")


def outbox_pending_ids(*, now: datetime, limit: int = 500) -> list[int]:
    """Unsent emails that are due now: never tried, or their backoff has passed."""
    return list(OutboxEmail.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        sent_at__isnull=True, attempts__lt=OUTBOX_MAX_ATTEMPTS,
    ).order_by("created_at").values_list("pk", flat=True)[:limit])
