"""The intake: one service every inbound mail goes through (the IMAP poll, the MTA pipe):
read it, decide where it goes (mailintake.routing), and do that through the cases services,
once per message."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case, Channel, OutboxEmail
from cases.notifications import OFFICE_LANGUAGE, outbox_dispatch
from cases.services import case_message_add, case_register
from cases.workflows import Category
from kundcenter.refusals import refusal_text
from superusers.selectors import superuser_eligibility, superuser_trained_modules

from .models import InboundMail
from .reader import ReadMail, read_mail
from .routing import MailFacts, Route, case_number_in_subject, route_mail

ANSWER_TEMPLATE = "mailintake/email/how_to_get_support"
NO_TRAINED_MODULE = _("You have completed no module training yet, so a case cannot be "
                      "registered for you.")
# Our own outgoing Message-IDs name the case: <case-2026-000123.…@…>.
OUR_MESSAGE_ID = re.compile(r"<case-(20\d{2}-\d{6})\.")


def _key(mail: ReadMail, raw: bytes) -> str:
    return mail.message_id[:255] or f"sha256:{hashlib.sha256(raw).hexdigest()}"


def _sender(mail: ReadMail) -> User | None:
    if not mail.from_addr:
        return None
    return (User.objects.filter(email__iexact=mail.from_addr, is_active=True,
                                customer__isnull=False).select_related("customer").first())


def _thread_number(mail: ReadMail) -> str | None:
    for message_id in (mail.in_reply_to, *reversed(mail.references)):
        match = OUR_MESSAGE_ID.match(message_id or "")
        if match:
            return match.group(1)
    return case_number_in_subject(mail.subject)


def _uploads(mail: ReadMail) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(attachment.filename, attachment.content,
                               content_type=attachment.content_type)
            for attachment in mail.attachments]


def mail_receive(*, raw: bytes, office: str, now: datetime) -> InboundMail:
    """Process one raw mail for ``office``; returns its record. A message seen before
    (same Message-ID) is not processed again."""
    mail = read_mail(raw)
    key = _key(mail, raw)
    existing = InboundMail.objects.filter(key=key).first()
    if existing is not None:
        return existing
    sender = _sender(mail)
    number = _thread_number(mail)
    case = (Case.objects.filter(number=number, customer_id=sender.customer_id).first()
            if sender is not None and number else None)
    may_write = sender is not None and superuser_eligibility(
        user=sender, cached=False).may_register_cases
    decision = route_mail(MailFacts(
        is_automatic=mail.is_automatic, is_bulk=mail.is_bulk, sender_known=sender is not None,
        sender_may_write=may_write, threads_to_own_case=case is not None))
    record = InboundMail(key=key, office=office, received_at=now, from_addr=mail.from_addr,
                         subject=mail.subject, route=decision.route, reason=decision.reason,
                         status=InboundMail.Status.PROCESSED)
    try:
        with transaction.atomic():
            # Texts the intake writes itself (an empty subject) in the office's language.
            with translation.override(OFFICE_LANGUAGE.get(office, "sv")):
                record.case = _apply(decision.route, mail=mail, sender=sender, case=case,
                                     office=office, now=now)
            record.save()
    except IntegrityError:
        # The same message, processed by another worker a moment ago.
        return InboundMail.objects.get(key=key)
    except (ValidationError, PermissionDenied) as refusal:
        # Nothing is lost: the mail stays on record with the reason, and the sender is told.
        record.status, record.error = InboundMail.Status.FAILED, refusal_text(refusal)
        record.case = None
        with transaction.atomic():
            record.save()
            if mail.from_addr and not (mail.is_automatic or mail.is_bulk):
                _answer(mail.from_addr, office=office, reason=record.error)
    return record


def _apply(route: Route, *, mail: ReadMail, sender: User | None, case: Case | None,
           office: str, now: datetime) -> Case | None:
    if route == Route.NEW_CASE:
        module = superuser_trained_modules(user=sender).order_by("name").first()
        if module is None:
            raise ValidationError(NO_TRAINED_MODULE, code="module_not_trained")
        return case_register(
            reporter=sender, module=module, category=Category.SUPPORT_QUESTION,
            subject=mail.subject or mail.new_text[:80] or gettext("(no subject)"),
            description=_body(mail), attachments=_uploads(mail),
            channel=Channel.EMAIL, now=now)
    if route == Route.REPLY:
        case_message_add(case=case, by=sender, body=_body(mail),
                         attachments=_uploads(mail), now=now)
        return case
    if route == Route.ANSWER_HOW_TO_GET_SUPPORT:
        _answer(mail.from_addr, office=office, reason="")
    return None


def _body(mail: ReadMail) -> str:
    return mail.new_text or mail.text or gettext("(The email had no text.)")


def _answer(address: str, *, office: str, reason: str) -> None:
    email = OutboxEmail.objects.create(
        recipient=address, language=OFFICE_LANGUAGE.get(office, "sv"),
        template=ANSWER_TEMPLATE, context={"office": office, "reason": reason})
    transaction.on_commit(lambda: outbox_dispatch(email.pk))
