"""Outgoing mail as people receive it: text and HTML in their language, the reply itself
in a reply notification, a Reply-To and Message-ID that bring an answer back to the case,
RFC 3834 headers, and one mail, not eight, for a burst of state changes. The SMTP tests
send through a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.core import mail

from cases import mail_threads, services
from cases.models import OutboxEmail
from cases.notifications import coalesce_window, outbox_message, outbox_send_one
from cases.workflows import Category, State
from mailintake.services import mail_receive
from tests.factories import WEDNESDAY_MORNING, make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return make_superuser(email="aino.laine@kuljetus.example", first_name="Aino",
                          last_name="Laine", language="fi")


@pytest.fixture
def specialist():
    return make_specialist(first_name="Sara", last_name="Ek")


def _reply_email(case, specialist, body: str) -> OutboxEmail:
    services.case_message_add(case=case, by=specialist, body=body,
                              now=case.registered_at + dt.timedelta(hours=1))
    return OutboxEmail.objects.get(case=case, template="reply")


def _support(office: str) -> str:
    return getattr(django_settings, f"SUPPORT_EMAIL_{office}")


def test_a_reply_notification_carries_the_reply_in_text_and_escaped_html(reporter, specialist):
    case = register_case(reporter=reporter, now=WEDNESDAY_MORNING)
    message = outbox_message(_reply_email(case, specialist,
                                          "Kokeile <b>uudelleen</b> & kerro, toimiiko.\n\nSara"))
    assert case.number in message.subject
    assert "reply" not in message.subject.lower()  # Finnish, not English
    assert "Sara Ek" in message.body and "Kokeile <b>uudelleen</b> & kerro" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert 'lang="fi"' in html
    # The customer's and specialist's words are text in the HTML part, never markup.
    assert "Kokeile &lt;b&gt;uudelleen&lt;/b&gt; &amp; kerro" in html and "<b>uudelleen" not in html
    assert f"{case.get_absolute_url()}" in html


def test_case_mail_comes_from_the_office_and_threads_back_to_the_case(reporter, specialist):
    case = register_case(reporter=reporter, now=WEDNESDAY_MORNING)
    message = outbox_message(_reply_email(case, specialist, "Hei"))
    support = _support(case.office)
    domain = support.split("@")[1]
    assert support in message.from_email
    assert message.reply_to == [support.replace("@", f"+{case.number}@")]
    assert message.extra_headers["Message-ID"].startswith(f"<case-{case.number}.")
    assert message.extra_headers["In-Reply-To"] == f"<case-{case.number}@{domain}>"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.extra_headers["X-Auto-Response-Suppress"] == "All"


def _customer_answer(reporter, *, subject: str, in_reply_to: str = "", to: str = "") -> bytes:
    headers = [f"From: Aino Laine <{reporter.email}>", f"To: {to or 'tuki@kundcenter.example'}",
               f"Subject: {subject}", "Message-ID: <answer-1@kuljetus.example>",
               "Content-Type: text/plain; charset=utf-8"]
    if in_reply_to:
        headers.insert(3, f"In-Reply-To: {in_reply_to}")
    body = "Nyt toimii, kiitos!\n\nti 11.2.2026 klo 10.00 Asiakaskeskus kirjoitti:\n> Hei"
    return ("\n".join(headers) + "\n\n" + body + "\n").encode()


@pytest.mark.parametrize("how", ["in_reply_to", "reply_to_address"])
def test_answering_our_mail_adds_to_the_case_without_the_number_in_the_subject(
        reporter, specialist, how):
    case = register_case(reporter=reporter, now=WEDNESDAY_MORNING)
    sent = outbox_message(_reply_email(case, specialist, "Kokeile uudelleen."))
    raw = _customer_answer(
        reporter, subject="Re: vastaus",
        in_reply_to=sent.extra_headers["Message-ID"] if how == "in_reply_to" else "",
        to=sent.reply_to[0] if how == "reply_to_address" else "")
    record = mail_receive(raw=raw, office=case.office, now=WEDNESDAY_MORNING + dt.timedelta(hours=2))
    assert (record.route, record.case) == ("reply", case)
    assert case.messages.filter(author=reporter).get().body == "Nyt toimii, kiitos!"


def test_the_answer_to_a_stranger_is_marked_auto_replied():
    record = mail_receive(raw=b"From: someone@elsewhere.example\nSubject: Hjalp\n"
                              b"Message-ID: <s1@elsewhere.example>\n\nHur gor jag?\n",
                          office="SE", now=WEDNESDAY_MORNING)
    assert record.route == "answer"
    message = outbox_message(OutboxEmail.objects.get(recipient="someone@elsewhere.example"))
    assert message.extra_headers["Auto-Submitted"] == "auto-replied"
    assert message.extra_headers["Message-ID"].startswith("<kundcenter.")
    assert message.reply_to == [django_settings.SUPPORT_EMAIL_SE]


def _toggle(case, specialist, moments: list[dt.datetime]) -> None:
    targets = [State.SECOND_LINE, State.FIRST_LINE]
    for index, moment in enumerate(moments):
        services.case_transition(case=case, by=specialist, target=targets[index % 2], now=moment)


def test_eight_state_changes_in_41_seconds_reach_the_reporter_as_one_mail(reporter, specialist):
    case = register_case(reporter=reporter, category=Category.SUPPORT_QUESTION,
                         now=WEDNESDAY_MORNING)
    start = WEDNESDAY_MORNING + dt.timedelta(minutes=10)
    moments = [start] + [start + dt.timedelta(seconds=5 + 6 * i) for i in range(7)]
    assert moments[-1] - start == dt.timedelta(seconds=41)
    _toggle(case, specialist, moments)

    [held] = OutboxEmail.objects.filter(case=case, template="state_changed")
    assert len(held.context["changes"]) == 8
    assert outbox_send_one(held.pk, now=moments[-1]) is False  # still inside the window
    assert outbox_send_one(held.pk, now=start + coalesce_window()) is True

    [sent] = [m for m in mail.outbox if m.to == [reporter.email] and "→" in m.body]
    assert case.number in sent.subject
    assert sent.body.count("→") == 8

    # A change after that mail went out is news again, in a mail of its own.
    later = start + coalesce_window() + dt.timedelta(minutes=1)
    _toggle(case, specialist, [later])
    assert OutboxEmail.objects.filter(case=case, template="state_changed").count() == 2


def test_a_single_state_change_lists_no_steps(reporter, specialist):
    case = register_case(reporter=reporter, category=Category.SUPPORT_QUESTION,
                         now=WEDNESDAY_MORNING)
    _toggle(case, specialist, [WEDNESDAY_MORNING + dt.timedelta(minutes=5)])
    held = OutboxEmail.objects.get(case=case, template="state_changed")
    assert "→" not in outbox_message(held).body


class _Inbox:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def test_a_reply_mail_through_a_real_smtp_server(smtp_server, specialist):
    reporter = make_superuser(email="anna.lind@elektronord.example", language="sv")
    case = register_case(reporter=reporter, subject="Momsrapporten för Åland är fel",
                         now=WEDNESDAY_MORNING)
    email_row = _reply_email(case, specialist, "Prova att köra om rapporten för april, "
                                               "så ändras öresavrundningen.")
    assert outbox_send_one(email_row.pk) is True

    [envelope] = [e for e in smtp_server.envelopes if e.rcpt_tos == [reporter.email]
                  and case.number in e.content.decode("ascii", "replace")
                  and b"Auto-Submitted: auto-generated" in e.content
                  and b"multipart/alternative" in e.content]
    received = email.message_from_bytes(envelope.content, policy=policy.default)
    support = _support(case.office)
    assert received["Subject"].startswith("Nytt svar") and case.number in received["Subject"]
    assert received["Reply-To"] == mail_threads.case_reply_address(support, case.number)
    assert received["Message-ID"].startswith(f"<case-{case.number}.")
    assert received["Auto-Submitted"] == "auto-generated"
    assert received.get_content_type() == "multipart/alternative"
    plain = received.get_body(preferencelist=("plain",)).get_content()
    html = received.get_body(preferencelist=("html",)).get_content()
    for part in (plain, html):
        assert "öresavrundningen" in part and "Åland" in part
    assert 'lang="sv"' in html
