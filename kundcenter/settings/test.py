"""Tests: only what makes them faster or deterministic differs from base."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A real Celery worker started by a test writes its emails to files the test can read.
EMAIL_BACKEND = os.environ.get("TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("TEST_EMAIL_FILE_PATH", "")
STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
DEBUG = False
# Tests that need a worker start a real one (tests/conftest.py); the rest run tasks inline.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
AXES_FAILURE_LIMIT = 5
# Each test runs inside one transaction on default, which a second connection (the replica)
# cannot see; tests/scaleout starts and configures a replica of its own.
DATABASES.pop("replica", None)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Browser tests serve the portal from live_server threads. Django's SQLite test database
    # is in memory by default, and an in-memory database can be shared only by handing one
    # connection object to the test thread and every request thread (Django and pytest-django
    # do so). Their transactions then interleave on that one connection: a request's
    # ATOMIC_REQUESTS block turns another thread's atomic block into a savepoint that is gone
    # when it is released ("no such savepoint"), or "database table is locked", i.e. 500s.
    # A file gives each thread its own connection and real transactions; one per test run
    # (the process id), so concurrent runs in one checkout do not share it. IMMEDIATE makes
    # a transaction take the write lock at BEGIN, so concurrent writers wait (timeout, in
    # seconds) instead of failing at once on a read-to-write upgrade.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"kundcenter-test-{os.getpid()}.sqlite3"),
    }
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A throwaway database: no fsync on every commit of the transactional tests.
        "init_command": "PRAGMA synchronous = OFF",
    }
