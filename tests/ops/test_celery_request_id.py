"""A task published during a request carries the request's id: in its message headers, and
on the worker's log lines while it runs; the next task does not inherit it."""

from __future__ import annotations

import json
import signal
import subprocess

import pytest
import redis

from ops.celery_signals import TASK_HEADER
from ops.models import Heartbeat
from ops.requestid import NO_REQUEST, request_id_bind, request_id_get, request_id_reset
from ops.tasks import beat_heartbeat
from tests.polling import wait_until
from tests.workers import worker_command, worker_env

from .conftest import ROOT


def _published_headers(redis_url: str, queue: str = "celery") -> list[dict]:
    """The headers of the messages waiting in a queue, read off Redis without taking them."""
    client = redis.Redis.from_url(redis_url)
    try:
        return [json.loads(raw)["headers"] for raw in client.lrange(queue, 0, -1)]
    finally:
        client.close()


@pytest.fixture
def in_request():
    token = request_id_bind("req-4711")
    yield "req-4711"
    request_id_reset(token)


def test_a_task_published_in_a_request_carries_its_id(publishing, in_request):
    beat_heartbeat.delay("published-in-request")
    [headers] = _published_headers(publishing)
    assert headers[TASK_HEADER] == in_request


def test_a_task_published_outside_a_request_carries_none(publishing):
    beat_heartbeat.delay("published-by-beat")
    [headers] = _published_headers(publishing)
    assert TASK_HEADER not in headers


@pytest.mark.django_db
def test_an_inline_task_keeps_the_id_of_the_request_that_runs_it(in_request):
    beat_heartbeat.delay("inline")  # the test settings run tasks inline (eager)
    assert Heartbeat.objects.filter(name="inline").exists()
    assert request_id_get() == in_request


def _json_lines(text: str) -> list[dict]:
    lines = []
    for raw in text.splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue  # Celery's banner
    return lines


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_logs_the_request_id_of_the_task_and_clears_it_after(
        postgres_only, publishing, tmp_path):
    token = request_id_bind("req-worker-1")
    try:
        traced = beat_heartbeat.delay("traced")
    finally:
        request_id_reset(token)
    untraced = beat_heartbeat.delay("untraced")  # runs next on the same worker thread

    env = worker_env(LOG_FORMAT="json", CELERY_BROKER_URL=publishing)
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            worker_command("--pool=solo"), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: Heartbeat.objects.filter(name__in=["traced", "untraced"]).count() == 2,
                   timeout=60, what="the worker did not run both tasks", diagnostics=log.read_text)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)

    lines = _json_lines(log.read_text())
    succeeded = {line["task_id"]: line for line in lines
                 if line.get("task_id") and "succeeded" in line["message"]}
    assert set(succeeded) >= {traced.id, untraced.id}, log.read_text()
    assert succeeded[traced.id]["request_id"] == "req-worker-1"
    assert succeeded[traced.id]["task_name"] == "ops.tasks.beat_heartbeat"
    assert succeeded[untraced.id]["request_id"] == NO_REQUEST
    assert {"timestamp", "level", "logger"} <= set(succeeded[traced.id])

