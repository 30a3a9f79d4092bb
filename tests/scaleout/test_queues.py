"""Celery queues on real Redis: slow jobs (reports, mail intake) go to the "slow" queue, the
portal's own tasks to "celery", and a worker started with ``-Q slow`` takes only the slow
ones, so a long report never waits in front of the outbox or the SLA watch."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.contrib.auth.models import Group

from accounts.roles import MANAGERS
from cases.models import OutboxEmail
from cases.tasks import outbox_flush
from kundcenter.celery import app
from mailintake.tasks import mailboxes_poll
from reports.services import TEMPLATE as MONTHLY_REPORT
from reports.tasks import monthly_report_send
from tests.factories import StaffFactory
from tests.workers import worker_command, worker_env

ROOT = Path(__file__).resolve().parent.parent.parent
QUEUES = ("celery", "slow")


@pytest.fixture
def broker(redis_url):
    """The configured Redis (this run's own database), publishing for real, queues empty."""
    client = redis.Redis.from_url(redis_url)
    client.delete(*QUEUES)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield client
    app.conf.task_always_eager = eager
    client.delete(*QUEUES)


def waiting(broker: redis.Redis, queue: str) -> list[str]:
    """The names of the tasks waiting in ``queue``, oldest first."""
    return [json.loads(raw)["headers"]["task"] for raw in reversed(broker.lrange(queue, 0, -1))]


def test_report_and_intake_jobs_go_to_the_slow_queue_portal_tasks_to_the_default(broker):
    monthly_report_send.delay()
    mailboxes_poll.delay()
    outbox_flush.delay()

    assert waiting(broker, "slow") == ["reports.tasks.monthly_report_send",
                                       "mailintake.tasks.mailboxes_poll"]
    assert waiting(broker, "celery") == ["cases.tasks.outbox_flush"]


@pytest.mark.django_db(transaction=True)  # the worker must see the manager
def test_a_worker_on_the_slow_queue_runs_the_report_and_leaves_portal_tasks(broker, tmp_path,
                                                                            postgres_only):
    manager = StaffFactory()
    manager.groups.add(Group.objects.get(name=MANAGERS))
    monthly_report_send.delay()
    outbox_flush.delay()

    env = worker_env()
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            worker_command("-Q", "slow", "--pool=solo", "--hostname=scaleout-slow@%h"), cwd=ROOT,
            env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not OutboxEmail.objects.filter(template=MONTHLY_REPORT, recipient=manager.email).exists():
            assert worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the report never ran:\n" + log.read_text()
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)

    assert waiting(broker, "slow") == []
    assert waiting(broker, "celery") == ["cases.tasks.outbox_flush"]  # for the other workers
