"""A real IMAP server for the intake's poll: Debian's Dovecot, one per test, on a free port of
127.0.0.1, with its configuration, sockets, log and mail under the test's tmp directory."""

from __future__ import annotations

import contextlib
import email
import email.policy
import imaplib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

DOVECOT = Path("/usr/sbin/dovecot")
FETCHED = re.compile(rb"UID (\d+) FLAGS \(([^)]*)\)")
STARTUP_SECONDS = 15
# Unix sockets live under base_dir, and a socket path may be at most 107 bytes.
SOCKET_DIR_MAX = 70

CONFIG = """\
base_dir = {run}
state_dir = {state}
instance_name = kundcenter-test-{port}
log_path = {log}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Dovecot refuses mail access as root whatever first_valid_uid says, so mail is owned by
# the dovecot user. It cannot reach pytest's tmp directory (mode 0700), but the mail process
# chroots into the mail directory as root before it drops privileges.
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_chroot = {mail}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = {passwd}
}}
userdb {{
  driver = static
  args = home=/{user}
}}
# The passwd-file is in the 0700 tmp directory too.
service auth {{
  user = root
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
{extra}
"""


@dataclass(frozen=True)
class StoredMessage:
    uid: int
    flags: frozenset[str]
    raw: bytes

    @property
    def headers(self) -> Message:
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    @property
    def seen(self) -> bool:
        return "\\Seen" in self.flags


class DovecotServer:
    host = "127.0.0.1"
    user = "support"
    password = "hemligt-123"
    error_folder = "Kundcenter-fel"

    def __init__(self, root: Path, *, extra_config: str = "") -> None:
        self.root = root
        self.extra_config = extra_config
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        run = root / "run"
        if len(str(run)) > SOCKET_DIR_MAX:
            run = Path(tempfile.mkdtemp(prefix="dovecot-"))
        self.run_dir = run
        self.log = root / "dovecot.log"
        self.mail = root / "mail"
        dovecot = pwd.getpwnam("dovecot")
        self.uid, self.gid = dovecot.pw_uid, dovecot.pw_gid
        home = self.mail / self.user
        home.mkdir(parents=True)
        for directory in (self.mail, home):
            os.chown(directory, self.uid, self.gid)
        (root / "state").mkdir()
        passwd = root / "passwd"
        passwd.write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")

    # -- the process -------------------------------------------------------------------

    def start(self) -> None:
        """Start (again) on the same port with the same mail; the first start picks a port."""
        if self.process is not None:
            return
        if self.port:
            self._launch()
            return
        # Another process may take the free port before Dovecot binds it: pick again.
        for attempt in range(3):
            self.port = _free_port()
            try:
                self._launch()
                return
            except RuntimeError:
                if attempt == 2:
                    raise

    def stop(self) -> None:
        """Shut down as an administrator would; the mail stays on disk."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """Every process of this server at once (teardown, or a stop that hangs)."""
        self._end(signal.SIGKILL)

    def close(self) -> None:
        self.kill()
        if self.run_dir.parent != self.root:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def _end(self, signum: int) -> None:
        if self.process is None:
            return
        pid = self.process.pid
        with contextlib.suppress(ProcessLookupError):
            if signum == signal.SIGKILL:
                os.killpg(pid, signum)
            else:
                os.kill(pid, signum)
        # Wait for the master without reaping it: while it is a zombie its id, which is also
        # its process group's, cannot be reused, so the group kill below hits only its own
        # children (which outlive the master for a moment and would hold the port).
        deadline = time.monotonic() + STARTUP_SECONDS
        while (os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
               and time.monotonic() < deadline):
            time.sleep(0.02)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        self.process.wait(timeout=STARTUP_SECONDS)
        self.process = None

    def _launch(self) -> None:
        conf = self.root / "dovecot.conf"
        conf.write_text(CONFIG.format(
            run=self.run_dir, state=self.root / "state", log=self.log, port=self.port,
            uid=self.uid, gid=self.gid, mail=self.mail, passwd=self.root / "passwd",
            user=self.user, extra=self.extra_config))
        stderr = (self.root / "dovecot.stderr").open("ab")
        # Its own session, so teardown can end the master and all its children together.
        self.process = subprocess.Popen([str(DOVECOT), "-F", "-c", str(conf)],
                                        stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr,
                                        start_new_session=True)
        stderr.close()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                raise RuntimeError(f"dovecot exited at start:\n{self._diagnostics()}")
            if self._greets():
                return
            time.sleep(0.02)
        self.kill()
        raise RuntimeError(f"dovecot did not answer on port {self.port}:\n{self._diagnostics()}")

    def _greets(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=1) as probe:
                return probe.recv(100).startswith(b"* OK")
        except OSError:
            return False

    def _diagnostics(self) -> str:
        return "\n".join(path.read_text(errors="replace")[-3000:]
                         for path in (self.root / "dovecot.stderr", self.log) if path.exists())

    # -- what a test sees --------------------------------------------------------------

    def config(self, office: str = "SE") -> dict:
        """The mailbox as settings.MAIL_INTAKE_MAILBOXES[office] describes it."""
        return {"host": self.host, "port": self.port, "security": "none", "user": self.user,
                "password": self.password, "folder": "INBOX", "error_folder": self.error_folder,
                "timeout_seconds": 5.0}

    @contextlib.contextmanager
    def client(self) -> Iterator[imaplib.IMAP4]:
        connection = imaplib.IMAP4(self.host, self.port, timeout=5)
        try:
            connection.login(self.user, self.password)
            yield connection
        finally:
            connection.logout()

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver a message, unseen, as the mail server would."""
        with self.client() as connection:
            typ, data = connection.append(_quoted(folder), "", None, raw)
        assert typ == "OK", data

    def messages(self, folder: str = "INBOX") -> list[StoredMessage]:
        """A folder's messages with their flags, read without changing them; none if the
        folder does not exist."""
        with self.client() as connection:
            typ, _ = connection.select(_quoted(folder), readonly=True)
            if typ != "OK":
                return []
            typ, data = connection.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[])")
        assert typ == "OK", data
        found = []
        for item in data:
            if isinstance(item, tuple):
                match = FETCHED.search(item[0])
                assert match, item[0]
                found.append(StoredMessage(uid=int(match.group(1)), raw=item[1],
                                           flags=frozenset(match.group(2).decode().split())))
        return found

    def uids(self, folder: str = "INBOX") -> list[int]:
        return [message.uid for message in self.messages(folder)]

    def folders(self) -> list[str]:
        """Folder names as the server lists them (modified UTF-7)."""
        with self.client() as connection:
            typ, data = connection.list()
        assert typ == "OK", data
        return [line.decode().rsplit(' "/" ', 1)[1].strip('"') for line in data]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _server(tmp_path: Path, extra_config: str = "") -> Iterator[DovecotServer]:
    if not DOVECOT.exists():
        pytest.skip("dovecot not installed (apt-get install dovecot-imapd)")
    server = DovecotServer(tmp_path / "dovecot", extra_config=extra_config)
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def imap_server(tmp_path) -> Iterator[DovecotServer]:
    yield from _server(tmp_path)


@pytest.fixture
def imap_server_without_move(tmp_path) -> Iterator[DovecotServer]:
    """A server that advertises neither MOVE nor UIDPLUS (older servers, some hosted ones)."""
    yield from _server(tmp_path, extra_config="imap_capability = IMAP4rev1 LITERAL+")
