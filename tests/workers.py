"""A real Celery worker process for the tests that need one (the rest run tasks inline):
the project's app on the test database, once pytest-django has created it."""

from __future__ import annotations

import os
import sys

from tests.pg_cluster import database_url


def worker_env(**extra: str) -> dict[str, str]:
    """The worker's environment: test settings and this test's database; ``extra`` adds the
    broker and whatever else the test needs (CELERY_BROKER_URL, EMAIL_PORT, …)."""
    from django.db import connection

    return {**os.environ, "DJANGO_SETTINGS_MODULE": "kundcenter.settings.test",
            "DATABASE_URL": database_url(connection.settings_dict), "PYTHONUNBUFFERED": "1",
            **extra}


def worker_command(*options: str) -> list[str]:
    """``celery worker`` without the cluster chatter a lone test worker does not need."""
    return [sys.executable, "-m", "celery", "-A", "kundcenter", "worker", "--without-gossip",
            "--without-mingle", "--without-heartbeat", "-l", "INFO", *options]
