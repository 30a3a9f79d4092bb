"""A broker outage must not lose a registered case nor its email (outbox + beat flush)."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import kombu.pools
import pytest
from django.core import mail

from cases.models import Case, OutboxEmail
from cases.tasks import outbox_flush
from kundcenter.celery import app
from tests.factories import make_superuser, register_case
from tests.workers import worker_command, worker_env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_unsent_email_waits_in_the_outbox_until_the_flush(django_capture_on_commit_callbacks,
                                                          monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr("cases.tasks.outbox_send.delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        case = register_case()
    assert Case.objects.filter(pk=case.pk).exists()
    pending = OutboxEmail.objects.get(case=case)
    assert pending.sent_at is None and mail.outbox == []
    assert outbox_flush() == 1
    pending.refresh_from_db()
    assert pending.sent_at is not None
    assert mail.outbox[0].to == [case.reporter.email]
    assert outbox_flush() == 0  # sent once, never twice


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A private redis-server for this test, so stopping it disturbs nobody else."""

    def __init__(self, port: int, workdir: Path) -> None:
        self.port, self.workdir, self.process = port, workdir, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(redis_url, tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(_free_port(), tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def real_broker(private_redis, monkeypatch):
    """Point the Celery app at the private Redis, with short timeouts, not eager."""
    url = f"redis://127.0.0.1:{private_redis.port}/0"
    # Celery lets this variable win over its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager",
                                            "broker_connection_timeout",
                                            "task_publish_retry_policy",
                                            "broker_transport_options")}
    app.conf.update(broker_url=url, task_always_eager=False, broker_connection_timeout=1,
                    broker_transport_options={},
                    task_publish_retry_policy={"max_retries": 1, "interval_start": 0,
                                               "interval_step": 0.1, "interval_max": 0.1})
    _reset_broker_pools()
    yield url
    app.conf.update(saved)
    _reset_broker_pools()


def _reset_broker_pools() -> None:
    # Pools cache connections to the previous broker URL; drop them so the next publish
    # connects afresh. The app's pool lives in kombu's process-wide registry, keyed by the
    # URL: closing it without clearing the registry would hand later tests on that URL a
    # closed pool ("Acquire on closed pool").
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_case_survives_a_redis_outage_and_its_email_goes_out_when_redis_is_back(
        postgres_only, private_redis, real_broker, tmp_path):
    reporter = make_superuser()
    private_redis.stop()

    case = register_case(reporter=reporter)  # on_commit runs for real: transaction=True

    assert Case.objects.filter(number=case.number).exists()
    pending = OutboxEmail.objects.get(case=case)
    assert pending.sent_at is None

    private_redis.start()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = worker_env(CELERY_BROKER_URL=real_broker,
                     TEST_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                     TEST_EMAIL_FILE_PATH=str(mail_dir))
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            worker_command("--pool=solo"), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        outbox_flush.delay()  # what beat sends every minute
        deadline = time.monotonic() + 60
        while not list(mail_dir.iterdir()):
            assert worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "no email sent:\n" + log.read_text()
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    pending.refresh_from_db()
    assert pending.sent_at is not None
    sent = next(mail_dir.iterdir()).read_text()
    assert case.number in sent and reporter.email in sent


def _smtp_down(monkeypatch) -> None:
    """Send through real SMTP to a port where nothing listens (undone by monkeypatch.undo)."""
    import socket

    from django.conf import settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setattr(settings, "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setattr(settings, "EMAIL_HOST", "127.0.0.1")
    monkeypatch.setattr(settings, "EMAIL_PORT", closed_port)
    monkeypatch.setattr(settings, "EMAIL_TIMEOUT", 2, raising=False)


@pytest.mark.django_db
def test_a_failed_send_is_recorded_and_retried_only_after_its_backoff(monkeypatch):
    import datetime as dt

    from cases.notifications import outbox_pending_ids, outbox_retry_delay, outbox_send_one

    case = register_case()
    email = OutboxEmail.objects.get(case=case)
    now = case.registered_at
    _smtp_down(monkeypatch)
    assert outbox_send_one(email.pk, now=now) is False  # recorded, not raised
    email.refresh_from_db()
    assert email.attempts == 1 and email.sent_at is None
    assert "ConnectionRefusedError" in email.last_error
    assert email.next_attempt_at == now + outbox_retry_delay(1)
    # Not due again before the backoff has passed ...
    assert email.pk not in outbox_pending_ids(now=now + dt.timedelta(seconds=30))
    assert outbox_send_one(email.pk, now=now + dt.timedelta(seconds=30)) is False
    email.refresh_from_db()
    assert email.attempts == 1
    # ... and the waits grow.
    assert outbox_retry_delay(1) < outbox_retry_delay(2) < outbox_retry_delay(3)
    assert outbox_retry_delay(50) == dt.timedelta(hours=6)
    monkeypatch.undo()
    later = now + outbox_retry_delay(1)
    assert email.pk in outbox_pending_ids(now=later)
    assert outbox_send_one(email.pk, now=later) is True
    email.refresh_from_db()
    assert email.sent_at == later and email.last_error == "" and email.attempts == 2


@pytest.mark.django_db
def test_the_attempt_cap_stops_retries(monkeypatch):
    from cases.notifications import OUTBOX_MAX_ATTEMPTS, outbox_pending_ids, outbox_send_one

    case = register_case()
    email = OutboxEmail.objects.get(case=case)
    _smtp_down(monkeypatch)
    moment = case.registered_at
    for _ in range(OUTBOX_MAX_ATTEMPTS + 3):
        outbox_send_one(email.pk, now=moment)
        email.refresh_from_db()
        moment = max(moment, email.next_attempt_at)
    assert email.attempts == OUTBOX_MAX_ATTEMPTS
    assert email.pk not in outbox_pending_ids(now=moment)


@pytest.mark.django_db
def test_admin_lists_failing_mail_with_its_error_and_retries_it_now(client, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from cases.notifications import outbox_send_one

    case = register_case()
    email = OutboxEmail.objects.get(case=case)
    _smtp_down(monkeypatch)
    outbox_send_one(email.pk, now=case.registered_at)
    monkeypatch.undo()
    admin_user = get_user_model().objects.create_superuser("root@example.com", "pw-Long-enough-1",
                                                           language="en")
    client.force_login(admin_user)
    changelist = reverse("admin:cases_outboxemail_changelist")
    page = client.get(changelist, {"status": "failing"}).content.decode()
    assert email.recipient in page and "ConnectionRefusedError" in page and "Failing" in page
    mail.outbox.clear()
    response = client.post(changelist, {"action": "retry_now", "_selected_action": [email.pk]})
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.sent_at is not None and mail.outbox[0].to == [email.recipient]
    assert email.pk not in [e.pk for e in OutboxEmail.objects.filter(sent_at__isnull=True)]
