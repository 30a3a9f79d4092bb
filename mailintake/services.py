"""The intake: one service every inbound mail goes through (the IMAP poll, the MTA pipe):
read it, decide where it goes (mailintake.routing), and do that through the cases services,
once per message."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases import mail_threads
from cases.models import Case, Channel, OutboxEmail
from cases.notifications import OFFICE_LANGUAGE, outbox_dispatch
from cases.services import case_message_add, case_register
from cases.workflows import Category
from kundcenter.refusals import refusal_text
from superusers.selectors import superuser_eligibility, superuser_trained_modules

from .models import BouncingAddress, InboundMail
from .reader import ReadMail, read_mail
from .routing import (
    MailFacts,
    Route,
    case_number_in_subject,
    category_from_subject,
    module_from_subject,
    route_mail,
)

ANSWER_TEMPLATE = "mailintake/email/how_to_get_support"
NO_TRAINED_MODULE = _("You have completed no module training yet, so a case cannot be "
                      "registered for you.")
OVER_LIMIT = _("More than %(limit)s emails from this sender in an hour: kept, not acted on.")
ACTED_ON = (Route.NEW_CASE, Route.REPLY, Route.ANSWER_HOW_TO_GET_SUPPORT)


def _key(mail: ReadMail, raw: bytes) -> str:
    # Without a Message-ID, the bytes: line endings normalised, since IMAP gives CRLF and an
    # MTA pipe LF for the same message.
    canonical = raw.replace(b"\r\n", b"\n")
    return mail.message_id[:255] or f"sha256:{hashlib.sha256(canonical).hexdigest()}"


def _sender(mail: ReadMail) -> User | None:
    if not mail.from_addr:
        return None
    return (User.objects.filter(email__iexact=mail.from_addr, is_active=True,
                                customer__isnull=False).select_related("customer").first())


def _thread_number(mail: ReadMail) -> str | None:
    """The case a mail says it belongs to: our Message-ID it answers, our Reply-To address
    it went to, or a case number in its subject."""
    for message_id in (mail.in_reply_to, *reversed(mail.references)):
        number = mail_threads.number_from_message_id(message_id)
        if number:
            return number
    for address in mail.recipients:
        number = mail_threads.number_from_reply_address(address)
        if number:
            return number
    return case_number_in_subject(mail.subject)


def _our_domains() -> set[str]:
    return {mail_threads.mail_domain(address).lower()
            for address in (settings.SUPPORT_EMAIL_SE, settings.SUPPORT_EMAIL_FI)}


def _reports_our_bounce(mail: ReadMail) -> bool:
    """A bounce of mail we sent: the returned message has our Message-ID, or (when the
    report leaves it out) the failed address is one the outbox has written to."""
    if not mail.is_automatic or not mail.bounced:
        return False
    domains = _our_domains()
    if any(mail_threads.is_our_message_id(mid, domains) for mid in mail.bounced_message_ids):
        return True
    return OutboxEmail.objects.filter(
        recipient__in=[bounce.address for bounce in mail.bounced]).exists()


def _over_limit(address: str, now: datetime) -> bool:
    if not address:
        return False
    recent = InboundMail.objects.filter(from_addr__iexact=address, route__in=ACTED_ON,
                                        received_at__gt=now - timedelta(hours=1),
                                        received_at__lte=now)
    return recent.count() >= settings.MAIL_INTAKE_SENDER_LIMIT_PER_HOUR


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
        sender_may_write=may_write, threads_to_own_case=case is not None,
        reports_our_bounce=_reports_our_bounce(mail),
        sender_over_limit=_over_limit(mail.from_addr, now)))
    record = InboundMail(key=key, office=office, received_at=now, from_addr=mail.from_addr,
                         subject=mail.subject, route=decision.route, reason=decision.reason,
                         status=InboundMail.Status.PROCESSED)
    if decision.route == Route.HOLD:
        record.status = InboundMail.Status.FAILED
        record.error = OVER_LIMIT % {"limit": settings.MAIL_INTAKE_SENDER_LIMIT_PER_HOUR}
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
        try:
            with transaction.atomic():
                record.save()
                if mail.from_addr and not (mail.is_automatic or mail.is_bulk):
                    _answer(mail.from_addr, office=office, reason=record.error)
        except IntegrityError:
            return InboundMail.objects.get(key=key)
    return record


def _apply(route: Route, *, mail: ReadMail, sender: User | None, case: Case | None,
           office: str, now: datetime) -> Case | None:
    if mail.from_addr and route not in (Route.BOUNCE, Route.IGNORE, Route.HOLD):
        # A person writing from the address: it works again.
        BouncingAddress.objects.filter(address__iexact=mail.from_addr).delete()
    if route == Route.BOUNCE:
        _bounces_record(mail, now=now)
        return None
    if route == Route.NEW_CASE:
        modules = list(superuser_trained_modules(user=sender).order_by("name"))
        if not modules:
            raise ValidationError(NO_TRAINED_MODULE, code="module_not_trained")
        named = module_from_subject(mail.subject, [
            (module.pk, name) for module in modules
            for name in {module.name, module.name_sv, module.name_fi, module.name_en}])
        # Unnamed: the first module; the confirmation says which, and how to correct it.
        module = next((m for m in modules if m.pk == named), modules[0])
        return case_register(
            reporter=sender, module=module,
            category=category_from_subject(mail.subject, Category.SUPPORT_QUESTION),
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


def _bounces_record(mail: ReadMail, *, now: datetime) -> None:
    for bounce in mail.bounced:
        row, created = BouncingAddress.objects.select_for_update().get_or_create(
            address=bounce.address, defaults={"first_bounced_at": now, "last_bounced_at": now})
        row.bounces += 1
        row.last_bounced_at, row.last_status = max(row.last_bounced_at, now), bounce.status
        row.save()


def _body(mail: ReadMail) -> str:
    return mail.new_text or mail.text or gettext("(The email had no text.)")


def _answer(address: str, *, office: str, reason: str) -> None:
    email = OutboxEmail.objects.create(
        recipient=address, language=OFFICE_LANGUAGE.get(office, "sv"),
        template=ANSWER_TEMPLATE, context={"office": office, "reason": reason})
    transaction.on_commit(lambda: outbox_dispatch(email.pk))
