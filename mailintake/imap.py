"""The IMAP poll of one office's support mailbox: every unseen message goes through
``mail_receive``, and only then leaves the inbox (marked seen, or moved to the error folder).

A poll never raises: the beat job runs every minute, so a server that is down, a refused
login or a lost connection is reported in the result and simply tried again. Nothing is lost
meanwhile because a message is only marked or moved after the intake has recorded it, and
the intake recognises a message it has seen before (its Message-ID), so fetching one twice
after an interrupted poll does no harm."""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
import socket
import ssl
from base64 import b64encode
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from .models import InboundMail
from .services import mail_receive

log = logging.getLogger(__name__)

SECURITY_MODES = ("ssl", "starttls", "none")
FETCH_UID = re.compile(rb"\bUID (\d+)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PollResult:
    fetched: int
    processed: int
    failed: int
    error: str = ""


class Refused(imaplib.IMAP4.error):
    """The server answered NO or BAD. imaplib returns those instead of raising, and a
    command that silently did nothing (a COPY) must never be followed by a delete."""


def mailbox_poll(*, office: str, config: dict[str, Any],
                 clock: Callable[[], datetime] = timezone.now) -> PollResult:
    """Read the unseen messages of ``office``'s mailbox (settings.MAIL_INTAKE_MAILBOXES shape)
    into the intake; what the poll could not do is in ``error``, for the next poll to retry."""
    security = config.get("security", "ssl")
    if security not in SECURITY_MODES:
        # Guessing could send the password in the clear.
        error = f"unknown security {security!r}; expected one of {', '.join(SECURITY_MODES)}"
        log.error("mail intake %s: %s", office, error)
        return PollResult(0, 0, 0, error)
    counts = _Counts()
    connection: imaplib.IMAP4 | None = None
    step = "connect"
    try:
        connection = _connect(security, config)
        step = "login"
        connection.login(config["user"], config["password"])
        step = "select"
        _ok(connection.select(mailbox_name(config["folder"])), "SELECT")
        step = "poll"
        mailbox = _Mailbox(connection, error_folder=config["error_folder"],
                           capabilities=_capabilities(connection))
        for uid in mailbox.unseen():
            _message_handle(mailbox, uid, office=office, clock=clock, counts=counts)
    except (OSError, imaplib.IMAP4.error, UnicodeEncodeError) as problem:
        error = _describe(problem, step)
        log.warning("mail intake %s: %s (%s:%s); the next poll tries again",
                    office, error, config.get("host"), config.get("port"))
        return counts.result(error)
    finally:
        if connection is not None:
            _logout(connection)
    return counts.result()


def mailbox_name(name: str) -> str:
    """A folder name as an IMAP command argument: modified UTF-7 (RFC 3501 5.1.3), since a
    Swedish name such as "Ej lästa" is not ASCII, and quoted, since imaplib passes it as is."""
    encoded: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            chunk = b64encode("".join(pending).encode("utf-16-be")).decode("ascii")
            encoded.append("&" + chunk.rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if " " <= char <= "~":
            flush()
            encoded.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    quoted = "".join(encoded).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}"'


@dataclass
class _Counts:
    fetched: int = 0
    processed: int = 0
    failed: int = 0

    def result(self, error: str = "") -> PollResult:
        return PollResult(self.fetched, self.processed, self.failed, error)


@dataclass
class _Mailbox:
    connection: imaplib.IMAP4
    error_folder: str
    capabilities: frozenset[str]
    error_folder_ready: bool = field(default=False)

    def unseen(self) -> list[bytes]:
        data = _ok(self.connection.uid("SEARCH", "UNSEEN"), "UID SEARCH")
        # Oldest first, so a question becomes a case before the reply that follows it.
        return sorted((data[0] or b"").split(), key=int)

    def fetch(self, uid: bytes) -> bytes | None:
        # PEEK: fetching must not mark the message seen before the intake has recorded it.
        data = _ok(self.connection.uid("FETCH", uid, "(BODY.PEEK[])"), "UID FETCH")
        for item in data:
            if isinstance(item, tuple) and b"BODY[]" in item[0].upper():
                match = FETCH_UID.search(item[0])
                # Unsolicited FETCH responses for other messages can share the answer.
                if match is None or match.group(1) == uid:
                    return item[1]
        return None  # expunged by another client since the search

    def mark_seen(self, uid: bytes) -> None:
        _ok(self.connection.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)"), "UID STORE")

    def move_to_error_folder(self, uid: bytes) -> None:
        folder = mailbox_name(self.error_folder)
        if not self.error_folder_ready:
            self._error_folder_create(folder)
        if "MOVE" in self.capabilities:
            _ok(self.connection.uid("MOVE", uid, folder), "UID MOVE")
            return
        # _ok raises unless the copy exists, so the original is only deleted after that.
        _ok(self.connection.uid("COPY", uid, folder), "UID COPY")
        _ok(self.connection.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted \Seen)"), "UID STORE")
        if "UIDPLUS" in self.capabilities:
            _ok(self.connection.uid("EXPUNGE", uid), "UID EXPUNGE")
        else:
            # Without UIDPLUS this also removes what a colleague marked deleted in the
            # shared inbox, as their own client would on closing it.
            _ok(self.connection.expunge(), "EXPUNGE")

    def _error_folder_create(self, folder: str) -> None:
        typ, data = self.connection.create(folder)
        # Servers say "already exists" in many words; if the folder really is missing, the
        # MOVE or COPY that follows is refused and the message stays in the inbox.
        if typ != "OK" and "EXISTS" not in _text(data).upper():
            log.warning("could not create the error folder %s: %s %s", folder, typ, _text(data))
        self.error_folder_ready = True


def _message_handle(mailbox: _Mailbox, uid: bytes, *, office: str,
                    clock: Callable[[], datetime], counts: _Counts) -> None:
    raw = mailbox.fetch(uid)
    if raw is None:
        return
    counts.fetched += 1
    try:
        record = mail_receive(raw=raw, office=office, now=clock())
    except Exception:  # noqa: BLE001 - e.g. the database blinked; the message stays unseen
        log.exception("mail intake %s: message UID %s not processed; left for the next poll",
                      office, uid.decode())
        return
    processed = record.status == InboundMail.Status.PROCESSED
    if processed:
        counts.processed += 1
    else:
        counts.failed += 1
    try:
        if processed:
            mailbox.mark_seen(uid)
        else:
            mailbox.move_to_error_folder(uid)
    except Refused as refusal:
        # The record is kept; the next poll fetches the message again, the intake knows it
        # by its Message-ID and this step is retried.
        log.warning("mail intake %s: message UID %s (%s) left in the inbox: %s",
                    office, uid.decode(), record.status, refusal)


def _connect(security: str, config: dict[str, Any]) -> imaplib.IMAP4:
    host, port, timeout = config["host"], int(config["port"]), float(config["timeout_seconds"])
    if security == "ssl":
        return imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context(),
                                 timeout=timeout)
    connection = imaplib.IMAP4(host, port, timeout=timeout)
    if security == "starttls":
        try:
            connection.starttls(ssl_context=ssl.create_default_context())
        except BaseException:
            # Not returned to the caller, so its socket is closed here.
            with contextlib.suppress(OSError):
                connection.shutdown()
            raise
    return connection


def _capabilities(connection: imaplib.IMAP4) -> frozenset[str]:
    # Asked again after login: servers (Dovecot among them) list MOVE and UIDPLUS only
    # then, and imaplib remembers the list from before login.
    data = _ok(connection.capability(), "CAPABILITY")
    return frozenset(_text(data).upper().split())


def _ok(response: tuple[str, list[Any]], command: str) -> list[Any]:
    typ, data = response
    if typ != "OK":
        raise Refused(f"{command}: {typ} {_text(data)}".strip())
    return data


def _text(data: list[Any]) -> str:
    return " ".join(item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)
                    for item in data if item is not None and not isinstance(item, tuple))


def _describe(problem: BaseException, step: str) -> str:
    if isinstance(problem, ConnectionRefusedError):
        kind = "connection refused"
    elif isinstance(problem, TimeoutError):
        kind = f"timed out ({step})"
    elif isinstance(problem, socket.gaierror):
        kind = "host not found"
    elif isinstance(problem, ssl.SSLError):
        kind = "TLS failed"
    elif isinstance(problem, imaplib.IMAP4.abort):
        kind = f"connection lost ({step})"
    elif isinstance(problem, imaplib.IMAP4.error | UnicodeEncodeError):
        kind = f"{step} refused"
    else:
        kind = f"connection failed ({step})"
    return f"{kind}: {problem}"


def _logout(connection: imaplib.IMAP4) -> None:
    # LOGOUT, not CLOSE: CLOSE would expunge whatever anyone marked deleted in the inbox.
    try:
        connection.logout()
    except (OSError, imaplib.IMAP4.error):
        with contextlib.suppress(OSError):
            connection.shutdown()
