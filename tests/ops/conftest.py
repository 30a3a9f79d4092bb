"""The real services the operations tests talk to: the test database, Redis (CI's, on the
database number CELERY_BROKER_URL names) and, where a test needs one, a Celery worker or a
gunicorn process of their own."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kundcenter.celery import app
from tests.polling import wait_until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def publishing(redis_url: str) -> Iterator[str]:
    """Tasks go to the broker for real (the test settings run them inline), and the
    queues start empty."""
    app.control.purge()
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield redis_url
    finally:
        app.conf.task_always_eager = saved
        app.control.purge()


@pytest.fixture
def gunicorn(tmp_path: Path):
    """Starts the portal in gunicorn with the environment given; yields its base URL."""
    started: list[subprocess.Popen] = []

    def start(**environment: str) -> str:
        from tests.pg_cluster import free_port

        port = free_port()
        log = tmp_path / f"gunicorn-{port}.log"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kundcenter.settings.test",
               "ALLOWED_HOSTS": "127.0.0.1", "PYTHONUNBUFFERED": "1", **environment}
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "kundcenter.wsgi:application", "--workers", "1",
                 "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        started.append(process)
        url = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            assert process.poll() is None, log.read_text()
            with contextlib.suppress(requests.ConnectionError):
                requests.get(f"{url}/healthz", timeout=5)
                return True
            return False

        wait_until(answers, timeout=30, what="gunicorn did not answer", diagnostics=log.read_text)
        return url

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
