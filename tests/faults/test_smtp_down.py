"""The SMTP server goes down in the middle of an outbox batch and comes back: what it had
accepted is not sent again, what it had not is sent once when it is back (beat's flush,
after the backoff), and nothing is lost."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cases.models import OutboxEmail
from cases.tasks import outbox_flush
from tests.factories import make_superuser, register_case
from tests.polling import wait_until

from .conftest import SmtpServer

pytestmark = pytest.mark.django_db


def test_a_batch_cut_off_by_the_mail_server_is_finished_once_it_is_back(smtp_delivery: SmtpServer):
    reporter = make_superuser()
    for subject in ("Invoices do not print", "Payroll export fails", "VAT report is empty"):
        register_case(reporter=reporter, subject=subject)  # each queues its "registered" mail
    assert OutboxEmail.objects.filter(sent_at__isnull=True).count() == 3

    smtp_delivery.crash_on(2)  # it dies while receiving the second
    assert outbox_flush() == 1
    wait_until(lambda: smtp_delivery._controller is None, timeout=10, what="server still up")

    failed = OutboxEmail.objects.filter(sent_at__isnull=True)
    assert len(smtp_delivery.delivered) == 1 and failed.count() == 2
    assert all(email.last_error and email.next_attempt_at > timezone.now() for email in failed)

    smtp_delivery.start()
    assert outbox_flush() == 0  # within the backoff nothing is tried: the server is not hammered
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert outbox_flush() == 2
        assert outbox_flush() == 0

    expected = {f"{email.case.number}" for email in OutboxEmail.objects.select_related("case")}
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()
    ids = smtp_delivery.message_ids()
    assert len(ids) == len(set(ids)) == 3  # each once
    assert {number for number in expected if any(number in i for i in ids)} == expected
