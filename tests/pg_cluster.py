"""A throwaway PostgreSQL cluster of a test's own, on its own port: for the tests that stop,
restart or replicate a server (the suite's own database must never be the one they stop).

Needs the server binaries (Debian's postgresql package: /usr/lib/postgresql/<v>/bin) and,
when run as root, the ``postgres`` system user to own the data directory.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    base = Path("/usr/lib/postgresql")
    if not base.is_dir():
        return None
    versions = sorted((p for p in base.iterdir() if (p / "bin" / "initdb").exists()),
                      key=lambda p: [int(x) for x in p.name.split(".") if x.isdigit()])
    return versions[-1] / "bin" if versions else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    """One running server: ``url(db)`` for Django, ``psql(sql)`` as its superuser."""

    bin_dir: Path
    data_dir: Path
    port: int
    run_as: str | None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data_dir.parent / "server.log"

    def _run(self, *args: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
        command = list(args)
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=timeout)

    def url(self, database: str = "postgres", user: str = "postgres", password: str = "") -> str:
        auth = f"{user}:{password}@" if password else f"{user}@"
        return f"postgres://{auth}127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self._run(str(self.bin_dir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                         "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
                         "-c", sql).stdout.strip()

    def start(self) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log),
                  "-o", f"-p {self.port} -k {self.data_dir} -c listen_addresses=127.0.0.1",
                  "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w",
                  "-t", "60", "stop", check=False)

    def is_ready(self) -> bool:
        return self._run(str(self.bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port),
                         check=False).returncode == 0

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.is_ready():
            if time.monotonic() > deadline:
                raise TimeoutError(f"PostgreSQL on {self.port} not ready: {self.log.read_text()[-2000:]}")
            time.sleep(0.1)


def cluster_create(parent: Path, *, port: int | None = None,
                   conf: dict[str, str] | None = None) -> Cluster:
    """initdb a new cluster under ``parent`` (trust auth on 127.0.0.1) and start it."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql)")
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a postgres system user to own a cluster")
        run_as = "postgres"
    parent.mkdir(parents=True, exist_ok=True)
    data_dir = parent / "data"
    if run_as:
        shutil.chown(parent, user=run_as)
        os.chmod(parent, 0o755)
    cluster = Cluster(bin_dir=bin_dir, data_dir=data_dir, port=port or free_port(), run_as=run_as)
    cluster._run(str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--locale=C.UTF-8", timeout=120)
    settings = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                **(conf or {})}
    with open(data_dir / "postgresql.auto.conf", "a") as auto:
        auto.writelines(f"{key} = '{value}'\n" for key, value in settings.items())
    cluster.start()
    cluster.wait_ready()
    return cluster


@pytest.fixture
def pg_cluster():
    """A fresh cluster for one test, stopped and removed afterwards."""
    parent = Path(tempfile.mkdtemp(prefix="kc-pg-"))
    cluster = cluster_create(parent)
    try:
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(parent, ignore_errors=True)


def standby_create(primary: Cluster, parent: Path, *, port: int | None = None) -> Cluster:
    """A hot standby of ``primary`` under ``parent``, streaming from it (pg_basebackup -R:
    standby.signal and primary_conninfo), started and ready for read-only queries."""
    parent.mkdir(parents=True, exist_ok=True)
    if primary.run_as:
        shutil.chown(parent, user=primary.run_as)
        os.chmod(parent, 0o755)
    standby = Cluster(bin_dir=primary.bin_dir, data_dir=parent / "data", port=port or free_port(),
                      run_as=primary.run_as)
    standby._run(str(primary.bin_dir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port),
                 "-U", "postgres", "-D", str(standby.data_dir), "-X", "stream", "-R",
                 "--checkpoint=fast", timeout=120)
    standby.start()
    standby.wait_ready()
    return standby


def wait_replayed(primary: Cluster, standby: Cluster, timeout: float = 30) -> None:
    """Until ``standby`` has replayed everything ``primary`` had written when called."""
    # The insert position, not the write one: with synchronous_commit off (cluster_create)
    # a commit can still sit in the WAL buffers, short of pg_current_wal_lsn().
    target = primary.psql("SELECT pg_current_wal_insert_lsn()")
    deadline = time.monotonic() + timeout
    while standby.psql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") != "t":
        if time.monotonic() > deadline:
            raise TimeoutError(f"standby on {standby.port} did not replay up to {target}")
        time.sleep(0.05)


def database_url(settings_dict: dict) -> str:
    """A connection's settings as a DATABASE_URL, for a subprocess or pg_dump to reach the
    same database (the test database, once pytest-django has created it)."""
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return (f"postgres://{credentials}{settings_dict.get('HOST') or '127.0.0.1'}:"
            f"{settings_dict.get('PORT') or 5432}/{settings_dict['NAME']}")
