"""Case emails through an outbox.

A service that changes a case calls ``notify``: it writes an ``OutboxEmail`` row in the same
transaction and, after commit, asks Celery to send it. If the broker is down the row stays
unsent and ``outbox_flush`` (Celery beat, every minute) sends it once the broker is back.

The recipient's notification preferences (accounts.rules) decide first: "none" writes
nothing, "digest" keeps the email's details for the daily digest (``digests_queue``, Celery beat), which
is itself an outbox row. Templates no preference covers are always sent.

Every mail goes out as text and HTML, from the case's office, with a Reply-To and
Message-ID that thread an answer back to the case (cases.mail_threads). State changes of one
case are held a few minutes and go out as one mail: a specialist who moves a case through
four states in a minute sends one piece of news, not four.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import DigestItem, NotificationDelivery, NotificationPreference, User
from accounts.rules import delivery_for, digest_due, notification_kind

from . import mail_threads
from .models import Case, OutboxEmail

log = logging.getLogger(__name__)

OFFICE_LANGUAGE = {"SE": "sv", "FI": "fi"}


def recipient_language(user: User, case: Case) -> str:
    """The person's own choice, else the language of the office that serves them."""
    return user.language or OFFICE_LANGUAGE.get(case.office, settings.LANGUAGE_CODE)


# Templates whose mails about one case are held this long and merged into one.
COALESCED_TEMPLATES = frozenset({"state_changed"})
# Our answers to a mail someone sent us (RFC 3834 "auto-replied"); the rest of our automatic
# mail is "auto-generated". Either way a well-behaved autoresponder does not answer it.
AUTO_REPLY_TEMPLATES = frozenset({"mailintake/email/how_to_get_support"})


def coalesce_window() -> timedelta:
    return timedelta(seconds=settings.CASE_EMAIL_COALESCE_SECONDS)


def notify(*, case: Case, recipient: User | None, template: str, now: datetime | None = None,
           **context: Any) -> OutboxEmail | None:
    """Queue the email (returned), keep it for the digest, or drop it, as the recipient
    chose for its kind. ``now``: when the change happened (coalesced templates only)."""
    if recipient is None or not recipient.email or not recipient.is_active:
        return None
    delivery = _delivery(recipient, template)
    if delivery == NotificationDelivery.NONE:
        return None
    if delivery == NotificationDelivery.DIGEST:
        DigestItem.objects.create(user=recipient, case=case, template=template, context=context)
        return None
    if template in COALESCED_TEMPLATES:
        return _coalesce(case=case, recipient=recipient, template=template, context=context,
                         now=now or timezone.now())
    email = OutboxEmail.objects.create(
        case=case, recipient=recipient.email, language=recipient_language(recipient, case),
        template=template, context=context,
    )
    transaction.on_commit(lambda: outbox_dispatch(email.pk))
    return email


def reply_email_context(*, message_id: int | None, author: str, body: str,
                        attachment_names: list[str], answerable: bool) -> dict[str, Any]:
    """What the "reply" mail carries: the reply itself (most people read it in the mail, not
    the portal), and whether its recipient can answer by replying (a customer can)."""
    return {"message_id": message_id, "author": author, "body": body,
            "attachments": attachment_names, "answerable": answerable}


def _coalesce(*, case: Case, recipient: User, template: str, context: dict[str, Any],
              now: datetime) -> OutboxEmail:
    """Add this change to the one held for the same case and person, or hold a new one for
    the window; ``outbox_flush`` sends it when the window has passed. The mail lists every
    change in ``changes``; its other context is the latest."""
    held = (OutboxEmail.objects.select_for_update(of=("self",))
            .filter(case=case, recipient=recipient.email, template=template, attempts=0,
                    sent_at__isnull=True, next_attempt_at__gt=now)
            .order_by("-pk").first())
    if held is not None:
        held.context = {**held.context, **context,
                        "changes": [*held.context.get("changes", []), context]}
        held.save(update_fields=["context"])
        return held
    return OutboxEmail.objects.create(
        case=case, recipient=recipient.email, language=recipient_language(recipient, case),
        template=template, context={**context, "changes": [context]},
        next_attempt_at=now + coalesce_window())


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
            outbox_message(email).send()
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
    subject, text = _render(email.template, {**email.context, "case": email.case},
                            email.language)
    if email.case is not None and email.case.number not in subject:
        subject = f"{subject} [{email.case.number}]"
    return subject, text


def _support_address(office: str) -> str:
    return getattr(settings, f"SUPPORT_EMAIL_{office}", settings.SUPPORT_EMAIL_SE)


def _office_of(email: OutboxEmail) -> str:
    if email.case is not None:
        return email.case.office
    return next((office for office, language in OFFICE_LANGUAGE.items()
                 if language == email.language), "SE")


def outbox_message(email: OutboxEmail) -> EmailMultiAlternatives:
    """The mail as it goes out: text and HTML in the recipient's language, from the office
    that serves the case, answerable straight back into the case."""
    subject, text = render_outbox_email(email)
    support = _support_address(_office_of(email))
    domain = mail_threads.mail_domain(support)
    case = email.case
    with translation.override(email.language):
        sender = f"{gettext('Customer Centre')} <{support}>"
        html = render_to_string("email/message.html", {
            "subject": subject, "text": text, "case": case, "language": email.language,
            "site_url": settings.PORTAL_URL})
    headers = {
        "Auto-Submitted": ("auto-replied" if email.template in AUTO_REPLY_TEMPLATES
                           else "auto-generated"),
        # Asks Exchange not to send out-of-office or read receipts for our mail.
        "X-Auto-Response-Suppress": "All",
    }
    if case is not None:
        root = mail_threads.case_thread_root(case.number, domain)
        headers.update({
            "Message-ID": mail_threads.case_message_id(case.number, email.pk, domain),
            "In-Reply-To": root, "References": root})
        reply_to = mail_threads.case_reply_address(support, case.number)
    else:
        headers["Message-ID"] = mail_threads.portal_message_id(email.pk, domain)
        reply_to = support
    message = EmailMultiAlternatives(subject, text, sender, [email.recipient],
                                     reply_to=[reply_to], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


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
    # The result is plain str, not SafeString: it carries people's text, which HTML (the
    # mail's HTML part, admin's preview) must escape.
    return "".join([get_template(name).template.render(Context(context, autoescape=False))])


def outbox_failing_q() -> Q:
    """Unsent emails whose last try failed (admin shows them with the error)."""
    return Q(sent_at__isnull=True) & ~Q(last_error="")


def outbox_pending_ids(*, now: datetime, limit: int = 500) -> list[int]:
    """Unsent emails that are due now: never tried, or their backoff has passed."""
    return list(OutboxEmail.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        sent_at__isnull=True, attempts__lt=OUTBOX_MAX_ATTEMPTS,
    ).order_by("created_at").values_list("pk", flat=True)[:limit])
