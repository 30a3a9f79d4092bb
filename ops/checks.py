"""Readiness checks: can this web process serve? Each takes what it checks as an argument
(a connection, a broker URL, a storage, the last heartbeat and the clock), never raises,
and says only what failed, never a URL, a password or a person's data."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage
from django.db.backends.base.base import BaseDatabaseWrapper

# A key no upload can have: looking it up proves the storage answers.
STORAGE_PROBE_KEY = "ops-readiness-probe/none"


REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def is_redis_url(url: str) -> bool:
    return url.startswith(REDIS_SCHEMES)


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str = "ok"


def _failure(name: str, error: Exception) -> CheckResult:
    # The class only: an exception's text may hold a host, a user or a password.
    return CheckResult(name, False, type(error).__name__)


def database_check(connection: BaseDatabaseWrapper) -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        # A broken connection would fail the next request of this thread too.
        connection.close()
        return _failure("database", error)
    return CheckResult("database", True)


def _writable_folder(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def broker_check(url: str, *, transport_options: dict, timeout: float = 2.0) -> CheckResult:
    """Redis answers PING; kombu's filesystem broker has its folders; any other transport
    accepts a connection."""
    try:
        if is_redis_url(url):
            import redis

            client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
            try:
                client.ping()
            finally:
                client.close()
        elif url.startswith("filesystem"):
            folders = {transport_options.get(key, ".") for key in ("data_folder_in", "data_folder_out")}
            missing = sorted(folder for folder in folders if not _writable_folder(Path(folder)))
            if missing:
                return CheckResult("broker", False, "broker folder missing or not writable")
        else:
            from kombu import Connection

            with Connection(url, connect_timeout=timeout, transport_options=transport_options) as conn:
                conn.ensure_connection(max_retries=1)
    except Exception as error:  # noqa: BLE001
        return _failure("broker", error)
    return CheckResult("broker", True)


def storage_check(storage: Storage) -> CheckResult:
    """The storage answers a lookup; a local folder (or, before the first upload, the
    nearest existing parent Django will create it in) is writable."""
    try:
        storage.exists(STORAGE_PROBE_KEY)
        if isinstance(storage, FileSystemStorage):
            folder = Path(storage.location)
            while not folder.exists() and folder != folder.parent:
                folder = folder.parent
            if not _writable_folder(folder):
                return CheckResult("storage", False, "folder not writable")
    except Exception as error:  # noqa: BLE001
        return _failure("storage", error)
    return CheckResult("storage", True)


def beat_check(last_beat_at: datetime | None, *, now: datetime, stale_after: timedelta) -> CheckResult:
    """Beat is alive when its heartbeat (written by a worker running the task beat sent) is
    younger than ``stale_after``."""
    if last_beat_at is None:
        return CheckResult("beat", False, "no heartbeat yet")
    age = now - last_beat_at
    if age > stale_after:
        return CheckResult("beat", False, f"last heartbeat {int(age.total_seconds())} s ago")
    return CheckResult("beat", True, f"last heartbeat {max(int(age.total_seconds()), 0)} s ago")


def readiness_report(results: list[CheckResult]) -> tuple[bool, dict]:
    """Whether every check passed, and the JSON body naming each check and the failing ones."""
    ready = all(result.ok for result in results)
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {result.name: {"ok": result.ok, "detail": result.detail} for result in results},
        "failing": [result.name for result in results if not result.ok],
    }
    return ready, body
