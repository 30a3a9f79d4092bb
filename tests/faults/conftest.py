"""The real services a fault test stops, kills or fills, each its own: a PostgreSQL cluster
with the portal served from it by gunicorn, a Celery worker, an SMTP server and a tiny disk.
The suite's own database and Redis are never the ones stopped."""

from __future__ import annotations

import asyncio
import contextlib
import email
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.pg_cluster import Cluster, cluster_create, free_port
from tests.polling import wait_until

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30


def process_end(process: subprocess.Popen, *, grace: float = 15) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Portal:
    """The portal in its own gunicorn process, on its own database cluster."""

    cluster: Cluster
    url: str
    process: subprocess.Popen
    log: Path
    sessionid: str
    module: int
    case_url: str

    def browser(self, *, signed_in: bool = True, **headers: str) -> requests.Session:
        session = requests.Session()
        session.headers.update(headers)
        if signed_in:
            session.cookies.set("sessionid", self.sessionid)
        return session

    def count(self, table: str) -> int:
        return int(self.cluster.psql(f"SELECT count(*) FROM {table}", database="kundcenter"))


def portal_environment(database_url: str, media_root: Path) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "kundcenter.settings.test",
            "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root),
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "PYTHONUNBUFFERED": "1"}


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    """One per module (set-up is most of a test's time): each test leaves the database
    running, as it found it."""
    tmp_path = tmp_path_factory.mktemp("portal")
    cluster = cluster_create(Path(tempfile.mkdtemp(prefix="kc-pg-")))
    try:
        yield from _portal_served(cluster, tmp_path)
    finally:
        cluster.stop("immediate")
        shutil.rmtree(cluster.data_dir.parent, ignore_errors=True)


def _portal_served(cluster: Cluster, tmp_path: Path) -> Iterator[Portal]:
    cluster.psql("CREATE DATABASE kundcenter")
    env = portal_environment(cluster.url("kundcenter"), tmp_path / "media")
    seeded = subprocess.run([sys.executable, "-m", "tests.faults.portal_seed"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    facts = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        # One sync worker: its persistent connection is the one that breaks and must heal.
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kundcenter.wsgi:application", "--workers", "1",
             "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--graceful-timeout", "5"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        assert process.poll() is None, log.read_text()
        with contextlib.suppress(requests.ConnectionError):
            return requests.get(f"{url}/", timeout=5).status_code == 200
        return False

    try:
        wait_until(answers, timeout=STARTUP_SECONDS, what="gunicorn did not answer",
                   diagnostics=log.read_text)
        yield Portal(cluster=cluster, url=url, process=process, log=log, **facts)
    finally:
        process_end(process)


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 256 KiB tmpfs: what a full attachment disk looks like to the portal."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    directory = Path(tempfile.mkdtemp(prefix="kc-full-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(directory)], check=True)
    try:
        yield directory
    finally:
        subprocess.run(["umount", str(directory)], check=False)
        directory.rmdir()


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a fixed port that can go down and come back.

    ``delivered`` holds what it answered 250 to, so a message the sender never heard
    accepted is not counted. ``hold_next()``: the next message is kept waiting for its
    answer until ``release()`` (the moment to kill a sender mid-send); ``crash_on(n)``: the
    server drops the connection while receiving its n-th message and stops."""

    def __init__(self) -> None:
        self.port = free_port()
        self.delivered: list[bytes] = []
        self.received = 0
        self._controller = None
        self._crash_on: int | None = None
        self._hold = False
        self.holding = threading.Event()
        self._released = threading.Event()

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def hold_next(self) -> None:
        self._hold = True

    def release(self) -> None:
        self._released.set()

    def crash_on(self, number: int) -> None:
        self._crash_on = self.received + number

    def message_ids(self) -> list[str]:
        return [email.message_from_bytes(raw)["Message-ID"] for raw in self.delivered]

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        self.received += 1
        if self.received == self._crash_on:
            self._crash_on = None
            # Stop listening at once, so the next sender finds nothing there; the rest of
            # the shutdown joins this loop's thread, so it runs in another.
            self._controller.server.close()
            server.transport.abort()
            threading.Thread(target=self.stop).start()
            return "421 going down"
        if self._hold:
            self._hold = False
            self.holding.set()
            while not self._released.is_set():
                await asyncio.sleep(0.02)
        if server.transport is None or server.transport.is_closing():
            return "451 the sender is gone"
        self.delivered.append(envelope.original_content or envelope.content)
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    # aiosmtpd logs every connection at INFO; the test says what matters.
    smtp_log = logging.getLogger("mail.log")
    level = smtp_log.level
    smtp_log.setLevel(logging.WARNING)
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.release()
        server.stop()
        smtp_log.setLevel(level)


@pytest.fixture
def smtp_delivery(smtp_server: SmtpServer, settings) -> SmtpServer:
    """This process sends its mail through ``smtp_server`` with the real SMTP backend."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_TIMEOUT = 5
    return smtp_server
