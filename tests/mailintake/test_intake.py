"""The intake service: a SuperUser's mail becomes a case, a reply threads to its case, an
unknown sender is answered, automatic mail is left alone, and nothing is done twice."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.models import Case, OutboxEmail
from mailintake.models import InboundMail
from mailintake.services import mail_receive
from tests.factories import WEDNESDAY_MORNING, make_superuser, register_case

pytestmark = pytest.mark.django_db


def mail(sender: str, subject: str, body: str, *, message_id: str, extra: str = "") -> bytes:
    return (f"From: {sender}\nTo: support@kundcenter.example\nSubject: {subject}\n"
            f"Message-ID: {message_id}\n{extra}Content-Type: text/plain; charset=utf-8\n\n"
            f"{body}\n").encode()


@pytest.fixture
def reporter():
    return make_superuser(email="anna.lind@elektronord.example", language="sv")


def test_a_superusers_mail_becomes_a_support_question(reporter):
    record = mail_receive(raw=mail("Anna Lind <ANNA.LIND@elektronord.example>",
                                   "Fakturan skrivs inte ut", "Inget händer när jag skriver ut.",
                                   message_id="<m1@elektronord.example>"),
                          office="SE", now=WEDNESDAY_MORNING)
    assert (record.status, record.route) == ("processed", "new_case")
    case = record.case
    assert (case.reporter, case.category, case.channel) == (reporter, "support", "email")
    assert case.subject == "Fakturan skrivs inte ut"
    assert case.description == "Inget händer när jag skriver ut."


def test_the_same_message_fetched_twice_makes_one_case(reporter):
    raw = mail(reporter.email, "Once", "Only once.", message_id="<dup@elektronord.example>")
    first = mail_receive(raw=raw, office="SE", now=WEDNESDAY_MORNING)
    again = mail_receive(raw=raw, office="SE", now=WEDNESDAY_MORNING + dt.timedelta(minutes=5))
    assert first.pk == again.pk
    assert Case.objects.filter(subject="Once").count() == 1


def test_a_reply_with_the_case_number_threads_to_the_case(reporter):
    case = register_case(reporter=reporter, now=WEDNESDAY_MORNING)
    raw = mail(reporter.email, f"SV: Ärende {case.number}", "Det fungerar nu!\n\n"
               "Den 11 feb. 2026 skrev Kundcentret:\n> Prova igen", message_id="<r1@e.example>")
    record = mail_receive(raw=raw, office="SE", now=WEDNESDAY_MORNING + dt.timedelta(hours=1))
    assert (record.route, record.case) == ("reply", case)
    assert case.messages.get().body == "Det fungerar nu!"


def test_another_customers_case_number_does_not_thread(reporter):
    theirs = register_case(now=WEDNESDAY_MORNING)
    record = mail_receive(raw=mail(reporter.email, f"Re: {theirs.number}", "Hello",
                                   message_id="<x1@e.example>"), office="SE", now=WEDNESDAY_MORNING)
    assert record.route == "new_case" and record.case != theirs
    assert not theirs.messages.exists()


def test_an_unknown_sender_is_answered_in_the_offices_language():
    record = mail_receive(raw=mail("someone@else.example", "Help", "Please help",
                                   message_id="<u1@else.example>"), office="FI",
                          now=WEDNESDAY_MORNING)
    assert (record.route, record.case) == ("answer", None)
    answer = OutboxEmail.objects.get(recipient="someone@else.example")
    assert answer.language == "fi"


@pytest.mark.parametrize("extra", ["Auto-Submitted: auto-replied\n", "Precedence: bulk\n"])
def test_automatic_mail_and_lists_are_neither_cases_nor_answered(reporter, extra):
    record = mail_receive(raw=mail(reporter.email, "Out of office", "Away",
                                   message_id="<a1@e.example>", extra=extra),
                          office="SE", now=WEDNESDAY_MORNING)
    assert (record.route, record.case) == ("ignore", None)
    assert not OutboxEmail.objects.filter(template__startswith="mailintake/").exists()
    assert not Case.objects.exists()


def test_a_refused_mail_is_kept_with_the_reason_and_the_sender_is_told(reporter):
    # An attachment the portal refuses (an executable): no case, the reason on record.
    raw = (f"From: {reporter.email}\nSubject: With a program\nMessage-ID: <bad@e.example>\n"
           "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n--B\n"
           "Content-Type: text/plain\n\nSee the file.\n--B\n"
           "Content-Type: application/x-msdownload; name=setup.exe\n"
           "Content-Disposition: attachment; filename=setup.exe\n"
           "Content-Transfer-Encoding: base64\n\n"
           "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAA\n--B--\n").encode()
    record = mail_receive(raw=raw, office="SE", now=WEDNESDAY_MORNING)
    assert record.status == InboundMail.Status.FAILED and record.error
    assert not Case.objects.exists()
    assert OutboxEmail.objects.filter(recipient=reporter.email,
                                      template="mailintake/email/how_to_get_support").exists()
    assert InboundMail.objects.get(key="<bad@e.example>").error == record.error


def test_a_superuser_without_training_is_answered_not_given_a_case():
    untrained = make_superuser(email="new.person@elektronord.example", trained=False)
    record = mail_receive(raw=mail(untrained.email, "Fråga", "Hej",
                                   message_id="<t0@e.example>"), office="SE",
                          now=WEDNESDAY_MORNING)
    assert (record.status, record.route) == (InboundMail.Status.PROCESSED, "answer")
    answer = OutboxEmail.objects.get(recipient=untrained.email)
    assert answer.language == "sv"
    assert not Case.objects.exists()
