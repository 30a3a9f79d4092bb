"""A Celery worker killed (SIGKILL) in the middle of sending an outbox email: the task was
not acknowledged, so Redis hands it to the next worker after the visibility timeout, which
sends the email; the mail server gets it once, and a further run of the task changes
nothing."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from cases.models import OutboxEmail
from kundcenter.celery import app
from tests.factories import make_superuser, register_case
from tests.polling import wait_until
from tests.workers import worker_command, worker_env

from .conftest import ROOT, SmtpServer, process_end

VISIBILITY_TIMEOUT = 2


class Workers:
    def __init__(self, broker_url: str, smtp: SmtpServer, logs: Path) -> None:
        self.logs = logs
        self.env = worker_env(CELERY_BROKER_URL=broker_url,
                              CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
                              TEST_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                              EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port))
        self.started: list[subprocess.Popen] = []

    def start(self, name: str) -> subprocess.Popen:
        log = self.logs / f"{name}.log"
        with open(log, "wb") as out:
            # prefork, as in production: a killed pool child would be "worker lost" too.
            worker = subprocess.Popen(
                worker_command("--concurrency=1", f"--hostname={name}@%h"), cwd=ROOT, env=self.env,
                stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        self.started.append(worker)
        return worker

    def kill(self, worker: subprocess.Popen) -> None:
        """The machine is gone: the main process and its pool child, no warm shutdown."""
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)

    def diagnostics(self) -> str:
        return "\n".join(path.read_text()[-3000:] for path in sorted(self.logs.glob("*.log")))

    def stop_all(self) -> None:
        for worker in self.started:
            process_end(worker)


@pytest.fixture
def live_broker(redis_url: str):
    """Publish to Redis for real (the tests run tasks inline otherwise)."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.control.purge()
    try:
        yield redis_url
    finally:
        app.conf.task_always_eager = saved
        app.control.purge()


@pytest.mark.django_db(transaction=True)
def test_an_email_whose_worker_was_killed_mid_send_is_sent_once_by_the_next(
        postgres_only, live_broker, smtp_server: SmtpServer, tmp_path):
    workers = Workers(live_broker, smtp_server, tmp_path)
    reporter = make_superuser()
    smtp_server.hold_next()
    try:
        first = workers.start("first")
        case = register_case(reporter=reporter)  # commits; its mail goes to the broker
        email = OutboxEmail.objects.get(case=case)
        wait_until(smtp_server.holding.is_set, timeout=60, what="the first worker never sent",
                   diagnostics=workers.diagnostics)
        taken_at = time.monotonic()

        workers.kill(first)
        smtp_server.release()

        email.refresh_from_db()
        assert email.sent_at is None and email.attempts == 0  # its transaction died with it
        assert smtp_server.delivered == []  # the server never said 250 to it

        # A task taken by a vanished worker is invisible until the timeout has passed (no
        # event to wait for); a worker starting after it takes the task back at once.
        time.sleep(max(0.0, VISIBILITY_TIMEOUT + 0.5 - (time.monotonic() - taken_at)))
        workers.start("second")
        wait_until(lambda: smtp_server.delivered, timeout=60, what="the second worker never sent",
                   diagnostics=workers.diagnostics)
        wait_until(lambda: OutboxEmail.objects.filter(pk=email.pk, sent_at__isnull=False).exists(),
                   timeout=30, what="the email was not marked sent", diagnostics=workers.diagnostics)

        # The task delivered once more (a duplicate, a retry): it finds the mail sent.
        repeated = app.send_task("cases.tasks.outbox_send", args=[email.pk])
        wait_until(lambda: f"{repeated.id}] succeeded in" in workers.diagnostics(), timeout=30,
                   what="the repeated task did not run", diagnostics=workers.diagnostics)
        assert re.search(rf"{repeated.id}\] succeeded in [0-9.]+s: False", workers.diagnostics())
    finally:
        workers.stop_all()

    email.refresh_from_db()
    assert email.attempts == 1
    assert smtp_server.message_ids() == [smtp_server.message_ids()[0]]
    assert case.number in smtp_server.message_ids()[0]
