"""The IMAP server (Dovecot) dies in the middle of a poll, after the intake has made a case of
a message but before it could mark it read: when the server is back, the next poll finishes
the inbox, and the message made one case and one confirmation, not two; nothing is lost."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from cases.models import Case, OutboxEmail
from mailintake import imap
from mailintake.imap import PollResult, mailbox_poll
from mailintake.models import InboundMail
from tests.factories import WEDNESDAY_MORNING, make_superuser
from tests.mailintake.conftest import imap_server  # noqa: F401 - the Dovecot fixture

pytestmark = pytest.mark.django_db

ANNA = "anna.lind@elektronord.example"


def _mail(subject: str, message_id: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = f"Anna Lind <{ANNA}>", "support@kundcenter.example"
    message["Subject"], message["Message-ID"] = subject, message_id
    message.set_content("Det fungerar inte sedan i morse.")
    return message.as_bytes()


def _poll(server) -> PollResult:
    return mailbox_poll(office="SE", config=server.config("SE"), clock=lambda: WEDNESDAY_MORNING)


def test_a_poll_cut_off_by_the_mail_server_makes_each_case_once_when_it_is_back(
        imap_server, monkeypatch):  # noqa: F811
    make_superuser(email=ANNA, first_name="Anna", last_name="Lind", language="sv")
    imap_server.append(_mail("Lönekörningen stannar", "<first@elektronord.example>"))
    imap_server.append(_mail("Momsrapporten är tom", "<second@elektronord.example>"))
    real_receive = imap.mail_receive

    def receive_then_server_dies(**kwargs) -> InboundMail:
        record = real_receive(**kwargs)
        imap_server.kill()  # before the intake can mark the message read
        return record

    monkeypatch.setattr(imap, "mail_receive", receive_then_server_dies)
    cut_off = _poll(imap_server)
    monkeypatch.setattr(imap, "mail_receive", real_receive)

    assert cut_off.processed == 1 and cut_off.error
    assert list(Case.objects.values_list("subject", flat=True)) == ["Lönekörningen stannar"]

    imap_server.start()
    assert [message.seen for message in imap_server.messages()] == [False, False]
    assert _poll(imap_server) == PollResult(fetched=2, processed=2, failed=0)

    assert sorted(Case.objects.values_list("subject", flat=True)) == [
        "Lönekörningen stannar", "Momsrapporten är tom"]
    for case in Case.objects.all():
        assert OutboxEmail.objects.filter(case=case, recipient=ANNA).count() == 1
    assert [message.seen for message in imap_server.messages()] == [True, True]
    assert _poll(imap_server) == PollResult(fetched=0, processed=0, failed=0)
