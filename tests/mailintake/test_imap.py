"""The IMAP poll through a real Dovecot server: mail in the support inbox becomes cases,
replies and answers; what cannot be processed is moved aside, never deleted; and while the
server is down nothing is lost, since mail leaves the inbox only after it was processed."""

from __future__ import annotations

import contextlib
import imaplib
import logging
import socket
from email.message import EmailMessage

import pytest
import time_machine

from cases.models import Case, OutboxEmail
from mailintake import imap
from mailintake.imap import PollResult, mailbox_poll
from mailintake.models import InboundMail
from mailintake.tasks import mailboxes_poll
from tests.factories import WEDNESDAY_MORNING, make_superuser, register_case

pytestmark = pytest.mark.django_db

ANNA = "anna.lind@elektronord.example"
ANSWER_TEMPLATE = "mailintake/email/how_to_get_support"
# The first bytes of a Windows program: a type the portal refuses as an attachment.
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48)


def mail(sender: str, subject: str, body: str, *, message_id: str,
         headers: dict[str, str] | None = None, attachment: tuple[str, bytes] | None = None) -> bytes:
    """A message as a mail client sends it (RFC 2047 subject, UTF-8 body, MIME parts)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@kundcenter.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if attachment:
        filename, content = attachment
        message.add_attachment(content, maintype="application", subtype="x-msdownload",
                               filename=filename)
    return message.as_bytes()


def poll(server, office: str = "SE") -> PollResult:
    return mailbox_poll(office=office, config=server.config(office), clock=lambda: WEDNESDAY_MORNING)


@pytest.fixture
def anna():
    return make_superuser(email=ANNA, first_name="Anna", last_name="Lind", language="sv")


@contextlib.contextmanager
def captured_log(level: int):
    """What mailintake.imap logs, without pytest's logging plugin (CI runs with it off)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(level)
    handler.emit = records.append
    logger = logging.getLogger("mailintake.imap")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(level)
    try:
        yield lambda: "\n".join(record.getMessage() for record in records)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def test_a_superusers_mail_becomes_a_case_and_is_marked_read(imap_server, anna):
    imap_server.append(mail(f"Anna Lind <{ANNA}>", "Fakturan skrivs inte ut",
                            "Inget händer när jag trycker på Skriv ut.",
                            message_id="<f1@elektronord.example>"))

    assert poll(imap_server) == PollResult(fetched=1, processed=1, failed=0)

    case = Case.objects.get()
    assert (case.subject, case.reporter, case.channel) == ("Fakturan skrivs inte ut", anna, "email")
    assert case.description == "Inget händer när jag trycker på Skriv ut."
    [message] = imap_server.messages("INBOX")
    assert message.seen  # the support team's own mail client shows it as handled
    assert poll(imap_server) == PollResult(0, 0, 0)  # and the next poll leaves it alone


def test_a_reply_with_the_case_number_in_the_subject_is_added_to_the_case(imap_server, anna):
    case = register_case(reporter=anna, now=WEDNESDAY_MORNING)
    imap_server.append(mail(ANNA, f"SV: Ärende {case.number}",
                            "Tack, nu fungerar det!\n\nDen 11 feb. 2026 skrev Kundcentret:\n"
                            "> Prova att starta om skrivaren.", message_id="<r1@elektronord.example>"))

    assert poll(imap_server).processed == 1

    assert Case.objects.count() == 1
    assert case.messages.get().body == "Tack, nu fungerar det!"
    assert imap_server.messages("INBOX")[0].seen


def test_an_unknown_sender_gets_no_case_but_an_answer_on_how_to_get_support(imap_server):
    imap_server.append(mail("Okänd Person <okand@example.org>", "Hjälp med lönekörningen",
                            "Hej, kan ni hjälpa mig?", message_id="<u1@example.org>"))

    assert poll(imap_server).processed == 1

    assert not Case.objects.exists()
    answer = OutboxEmail.objects.get()
    assert (answer.recipient, answer.template, answer.language) == (
        "okand@example.org", ANSWER_TEMPLATE, "sv")
    assert imap_server.messages("INBOX")[0].seen


def test_an_automatic_reply_makes_no_case_and_is_not_answered(imap_server, anna):
    imap_server.append(mail(ANNA, "Frånvaromeddelande: Fakturan", "Jag är tillbaka måndag.",
                            message_id="<a1@elektronord.example>",
                            headers={"Auto-Submitted": "auto-replied"}))

    assert poll(imap_server).processed == 1

    assert not Case.objects.exists()
    assert not OutboxEmail.objects.exists()  # no mail loop with the autoresponder
    assert InboundMail.objects.get().route == "ignore"
    assert imap_server.messages("INBOX")[0].seen


def test_the_same_message_delivered_twice_makes_one_case(imap_server, anna):
    raw = mail(ANNA, "Rapporten är tom", "Månadsrapporten visar inga rader.",
               message_id="<dup@elektronord.example>")
    imap_server.append(raw)
    imap_server.append(raw)

    assert poll(imap_server) == PollResult(fetched=2, processed=2, failed=0)

    assert Case.objects.filter(subject="Rapporten är tom").count() == 1
    assert [message.seen for message in imap_server.messages("INBOX")] == [True, True]


def test_a_mail_that_cannot_be_processed_is_moved_to_the_error_folder(imap_server, anna):
    imap_server.append(mail(ANNA, "Installationsfilen", "Här är programmet som kraschar.",
                            message_id="<exe@elektronord.example>",
                            attachment=("setup.exe", WINDOWS_PROGRAM)))

    assert poll(imap_server) == PollResult(fetched=1, processed=0, failed=1)

    assert imap_server.messages("INBOX") == []
    [kept] = imap_server.messages(imap_server.error_folder)
    # The message itself, attachment and all, for an operator to look at.
    assert kept.headers["Message-ID"] == "<exe@elektronord.example>"
    assert b"setup.exe" in kept.raw
    record = InboundMail.objects.get()
    assert record.status == InboundMail.Status.FAILED and record.error
    assert not Case.objects.exists()
    # The sender is told why, so they can send it another way.
    assert OutboxEmail.objects.get().recipient == ANNA


def test_without_move_support_the_message_is_copied_before_it_leaves_the_inbox(
        imap_server_without_move, anna, monkeypatch):
    server = imap_server_without_move
    server.error_folder = "Ej lästa"  # a Swedish folder name: modified UTF-7 on the wire
    server.append(mail(ANNA, "Installationsfilen", "Programmet.", message_id="<exe2@e.example>",
                       attachment=("setup.exe", WINDOWS_PROGRAM)))
    server.append(mail(ANNA, "Behåll mig", "En vanlig fråga.", message_id="<keep@elektronord.example>"))

    # Dovecot carries out a MOVE it does not advertise: watch what the poll asks instead.
    sent: list[str] = []
    real_uid, real_expunge = imaplib.IMAP4.uid, imaplib.IMAP4.expunge

    def uid(self, command, *args):
        sent.append(" ".join([command, *(a.decode() if isinstance(a, bytes) else a for a in args)]))
        return real_uid(self, command, *args)

    def expunge(self):
        sent.append("EXPUNGE")
        return real_expunge(self)

    monkeypatch.setattr(imaplib.IMAP4, "uid", uid)
    monkeypatch.setattr(imaplib.IMAP4, "expunge", expunge)

    result = poll(server)
    monkeypatch.undo()

    assert (result.failed, result.processed, result.error) == (1, 1, "")
    copy, delete = sent.index('COPY 1 "Ej l&AOQ-sta"'), sent.index(r"STORE 1 +FLAGS.SILENT (\Deleted \Seen)")
    assert copy < delete < sent.index("EXPUNGE")
    assert not any(command.startswith("MOVE") for command in sent)
    assert "Ej l&AOQ-sta" in server.folders()
    [kept] = server.messages("Ej l&AOQ-sta")
    assert kept.headers["Message-ID"] == "<exe2@e.example>"
    [left] = server.messages("INBOX")
    assert left.headers["Message-ID"] == "<keep@elektronord.example>"


def test_while_the_server_is_down_nothing_is_lost(imap_server, anna):
    imap_server.append(mail(ANNA, "Inloggningen hänger", "Det snurrar bara.",
                            message_id="<down@elektronord.example>"))
    imap_server.stop()

    with captured_log(logging.WARNING) as log_text:
        down = poll(imap_server)

    assert (down.fetched, down.processed, down.failed) == (0, 0, 0)
    assert down.error.startswith("connection refused")
    assert "the next poll tries again" in log_text()
    assert not Case.objects.exists()

    imap_server.start()
    [waiting] = imap_server.messages("INBOX")
    assert not waiting.seen
    assert poll(imap_server) == PollResult(fetched=1, processed=1, failed=0)
    assert Case.objects.get().subject == "Inloggningen hänger"


def test_a_wrong_password_is_reported_not_raised_and_the_mail_stays(imap_server, anna):
    imap_server.append(mail(ANNA, "Fråga", "Hej", message_id="<pw@elektronord.example>"))
    config = {**imap_server.config("SE"), "password": "fel-lösen"}

    result = mailbox_poll(office="SE", config=config, clock=lambda: WEDNESDAY_MORNING)

    assert result.error.startswith("login refused")
    assert "fel-lösen" not in result.error
    assert not imap_server.messages("INBOX")[0].seen


def test_a_message_the_intake_fails_on_stays_unseen_for_the_next_poll(imap_server, anna, monkeypatch):
    imap_server.append(mail(ANNA, "Först", "Ett", message_id="<one@elektronord.example>"))
    imap_server.append(mail(ANNA, "Sedan", "Två", message_id="<two@elektronord.example>"))
    real_receive = imap.mail_receive

    def database_trouble_on_the_first(*, raw, office, now):
        if b"<one@elektronord.example>" in raw:
            raise ConnectionError("the database went away")
        return real_receive(raw=raw, office=office, now=now)

    monkeypatch.setattr(imap, "mail_receive", database_trouble_on_the_first)
    with captured_log(logging.ERROR) as log_text:
        result = poll(imap_server)

    assert result == PollResult(fetched=2, processed=1, failed=0)
    assert "left for the next poll" in log_text()
    assert {m.headers["Subject"]: m.seen for m in imap_server.messages("INBOX")} == {
        "Först": False, "Sedan": True}

    monkeypatch.setattr(imap, "mail_receive", real_receive)
    assert poll(imap_server) == PollResult(fetched=1, processed=1, failed=0)
    assert sorted(Case.objects.values_list("subject", flat=True)) == ["Först", "Sedan"]


def test_the_beat_task_polls_each_office_with_a_mailbox(imap_server, anna, settings):
    assert mailboxes_poll.name == "mailintake.tasks.mailboxes_poll"  # the beat schedule's name
    settings.MAIL_INTAKE_MAILBOXES = {"SE": imap_server.config("SE"),
                                      "FI": {**imap_server.config("FI"), "host": ""}}
    imap_server.append(mail(ANNA, "Exporten misslyckas", "Felkod 17.",
                            message_id="<task@elektronord.example>"))

    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        result = mailboxes_poll()

    assert result == {"SE": {"fetched": 1, "processed": 1, "failed": 0, "error": ""}}
    case = Case.objects.get()
    assert (case.subject, case.reporter) == ("Exporten misslyckas", anna)


def test_a_server_that_never_answers_times_out_instead_of_hanging_the_worker():
    # Accepts the connection (the kernel does) but never sends a greeting.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        config = {"host": "127.0.0.1", "port": silent.getsockname()[1], "security": "none",
                  "user": "support", "password": "x", "folder": "INBOX",
                  "error_folder": "Kundcenter-fel", "timeout_seconds": 0.5}

        result = mailbox_poll(office="SE", config=config, clock=lambda: WEDNESDAY_MORNING)

    assert result == PollResult(0, 0, 0, result.error)
    assert result.error.startswith("timed out (connect)")
