"""`manage.py queue_status`: what waits on the broker and in the email outbox."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from kombu import Connection

from cases.models import OutboxEmail
from ops.queues import broker_queues
from ops.tasks import beat_heartbeat
from tests.factories import WEDNESDAY_MORNING, register_case


def _queue_status(*args: str) -> str:
    out = StringIO()
    call_command("queue_status", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def unsent_mail(db):
    """Mail owed since Wednesday morning: the outbox rows a case registration writes (its
    send task never ran), the oldest of them sent already."""
    for hours in (0, 1, 2):
        with time_machine.travel(WEDNESDAY_MORNING + dt.timedelta(hours=hours), tick=False):
            register_case(now=WEDNESDAY_MORNING)
    first = OutboxEmail.objects.order_by("created_at", "pk").first()
    OutboxEmail.objects.filter(pk=first.pk).update(sent_at=WEDNESDAY_MORNING)
    unsent = OutboxEmail.objects.filter(sent_at__isnull=True).order_by("created_at", "pk")
    assert unsent.count() >= 2 and unsent.first().created_at > first.created_at
    return unsent


@pytest.mark.django_db
def test_json_counts_each_queue_on_redis_and_the_oldest_unsent_mail(publishing, unsent_mail):
    for _ in range(3):
        beat_heartbeat.delay("queued")
    beat_heartbeat.apply_async(("queued",), queue="slow")
    oldest = unsent_mail.first()
    with time_machine.travel(oldest.created_at + dt.timedelta(minutes=12, seconds=30), tick=False):
        status = json.loads(_queue_status("--json"))
    assert status["queues"] == {"celery": 3, "slow": 1}
    assert status["outbox"] == {
        "unsent": unsent_mail.count(), "oldest_id": oldest.pk,
        "oldest_created_at": oldest.created_at.isoformat(), "oldest_age_seconds": 750}


@pytest.mark.django_db
def test_the_table_shows_the_queues_and_the_oldest_mails_age(publishing, unsent_mail):
    beat_heartbeat.delay("queued")
    oldest = unsent_mail.first()
    with time_machine.travel(oldest.created_at + dt.timedelta(days=2, hours=3, seconds=5), tick=False):
        table = _queue_status()
    rows = table.splitlines()
    assert rows[0].split() == ["queue", "messages"]
    assert rows[1].split() == ["celery", "1"] and rows[2].split() == ["slow", "0"]
    assert f"{unsent_mail.count()} unsent; oldest #{oldest.pk}" in table
    assert "waiting 2 d 03:00:05" in table
    # Operators paste this into tickets: it names no recipient.
    assert oldest.recipient not in table


@pytest.mark.django_db
def test_an_empty_outbox_says_so(publishing):
    assert "outbox: nothing unsent" in _queue_status()
    assert json.loads(_queue_status("--json"))["outbox"]["unsent"] == 0


def test_the_filesystem_broker_counts_the_message_files_of_each_queue(tmp_path):
    # The control folder too: kombu's default is ./control, in the checkout.
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path),
               "control_folder": str(tmp_path / "control")}
    with Connection("filesystem://", transport_options=options) as connection:
        for queue, count in (("celery", 2), ("slow", 1)):
            with connection.SimpleQueue(queue) as simple:
                for number in range(count):
                    simple.put({"n": number})
    assert broker_queues("filesystem://", ["celery", "slow"], transport_options=options).lengths == {
        "celery": 2, "slow": 1}
