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


def test_a_subject_that_names_a_category_and_a_module_registers_that(reporter):
    from tests.factories import ModuleFactory, TrainingFactory

    payroll = ModuleFactory(name="Lön Plus")
    reporter.customer.licences.first().modules.add(payroll)
    TrainingFactory(user=reporter, module=payroll)
    record = mail_receive(raw=mail(reporter.email, "Beställning: två användare till Lön Plus",
                                   "Vi behöver två användare till.", message_id="<o1@e.example>"),
                          office="SE", now=WEDNESDAY_MORNING)
    assert (record.case.category, record.case.module) == ("order", payroll)


def _confirmation(case) -> tuple[str, str]:
    from cases.notifications import render_outbox_email

    return render_outbox_email(OutboxEmail.objects.get(case=case, template="registered"))


def test_a_plain_subject_is_a_support_question_and_the_confirmation_names_the_module(reporter):
    record = mail_receive(raw=mail(reporter.email, "Order 4711 fastnar i ERP", "Den fastnar.",
                                   message_id="<o2@e.example>"),
                          office="SE", now=WEDNESDAY_MORNING)
    case = record.case
    assert case.category == "support"
    subject, body = _confirmation(case)
    assert case.number in subject
    assert case.module.display_name in body and "annan modul" in body
    assert case.start_deadline is None and "påbörjas senast" not in body  # no promise to make


def test_a_bug_by_mail_gets_the_start_promise_in_its_confirmation(reporter):
    record = mail_receive(raw=mail(reporter.email, "Bug: utskriften kraschar", "Kraschar.",
                                   message_id="<o3@e.example>"),
                          office="SE", now=WEDNESDAY_MORNING)
    case = record.case
    assert case.category == "bug" and case.start_deadline is not None
    assert "påbörjas senast" in _confirmation(case)[1]


def _bounce(address: str, *, message_id: str, returned_id: str) -> bytes:
    return (f"From: MAILER-DAEMON@mx.customer.example\nTo: support@kundcenter.example\n"
            f"Subject: Undelivered Mail Returned to Sender\nMessage-ID: {message_id}\n"
            f"Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
            f'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
            f"--B\nContent-Type: text/plain\n\nNot delivered.\n\n"
            f"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n"
            f"Final-Recipient: rfc822; {address}\nAction: failed\nStatus: 5.1.1\n\n"
            f"--B\nContent-Type: text/rfc822-headers\n\nMessage-ID: {returned_id}\n\n--B--\n"
            ).encode()


def test_a_bounce_of_our_mail_marks_the_address_and_a_later_mail_from_it_clears_it(
        reporter, admin_client):
    from django.urls import reverse

    from mailintake.models import BouncingAddress

    record = mail_receive(raw=_bounce(reporter.email, message_id="<b1@mx.example>",
                                      returned_id="<case-2026-000001.5.aa@kundcenter.example>"),
                          office="SE", now=WEDNESDAY_MORNING)
    assert (record.route, record.case) == ("bounce", None)
    assert not OutboxEmail.objects.filter(recipient__icontains="mailer-daemon").exists()
    bouncing = BouncingAddress.objects.get(address=reporter.email)
    assert (bouncing.bounces, bouncing.last_status) == (1, "5.1.1")
    page = admin_client.get(reverse("admin:mailintake_bouncingaddress_changelist")).content.decode()
    assert reporter.email in page and "5.1.1" in page

    mail_receive(raw=mail(reporter.email, "Hej igen", "Nu fungerar adressen.",
                          message_id="<alive@e.example>"),
                 office="SE", now=WEDNESDAY_MORNING + dt.timedelta(days=1))
    assert not BouncingAddress.objects.filter(address=reporter.email).exists()


def test_a_bounce_of_someone_elses_mail_marks_nothing(reporter):
    from mailintake.models import BouncingAddress

    record = mail_receive(raw=_bounce("stranger@other.example", message_id="<b2@mx.example>",
                                      returned_id="<newsletter-9@other.example>"),
                          office="SE", now=WEDNESDAY_MORNING)
    assert record.route == "ignore"
    assert not BouncingAddress.objects.exists()


def test_a_sender_over_the_hourly_limit_is_kept_not_acted_on(reporter, settings):
    settings.MAIL_INTAKE_SENDER_LIMIT_PER_HOUR = 3
    records = [mail_receive(raw=mail(reporter.email, f"Fråga {n}", "Text",
                                     message_id=f"<limit-{n}@e.example>"),
                            office="SE", now=WEDNESDAY_MORNING + dt.timedelta(minutes=n))
               for n in range(5)]
    assert [r.status for r in records] == ["processed"] * 3 + ["failed"] * 2
    assert {r.route for r in records[3:]} == {"hold"}
    assert records[3].error and "3" in records[3].error  # the limit, for the operator
    assert Case.objects.filter(reporter=reporter).count() == 3
    # An hour after the first, the sender may write again.
    later = mail_receive(raw=mail(reporter.email, "Fråga 6", "Text", message_id="<limit-6@e.example>"),
                         office="SE", now=WEDNESDAY_MORNING + dt.timedelta(minutes=61))
    assert later.route == "new_case"
