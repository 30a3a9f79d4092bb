"""One reader for every inbound mail: raw RFC 822 bytes in, a typed ``ReadMail`` out.

Pure (no ORM, no clock) and never raising: real mail arrives in ISO-8859-1 and
Windows-1252, quoted-printable and base64, with RFC 2047/2231 names, raw 8-bit headers,
broken MIME, a junk line before the headers and subjects of many kilobytes. The standard
library's modern ``email`` API does the MIME work (``policy.default``); charset_normalizer
guesses what a part does not declare; what cannot be read is left out, not fatal."""

from __future__ import annotations

import base64
import binascii
import email
import quopri
import re
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import HeaderParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

SUBJECT_MAX = 500
# Senders that are machines by name (RFC 3834 §3.1.7 and common practice).
DAEMON_LOCAL_PARTS = frozenset({"mailer-daemon", "postmaster", "mail-daemon"})
# Out-of-office replies that carry no RFC 3834 header (en, sv, fi, de).
AUTO_SUBJECT = re.compile(r"^(automatic reply|auto(matic)?[ -]?reply|out of office|autosvar|"
                          r"frånvaro|automaattinen vastaus|poissa|abwesenheitsnotiz|"
                          r"automatische antwort)\b", re.IGNORECASE)
HEADER_LINE = re.compile(rb"^(From |[!-9;-~]+:)")
# Where a quoted earlier message begins in a reply (English, Swedish, Finnish, Outlook).
QUOTE_STARTS = [
    re.compile(pattern, re.IGNORECASE) for pattern in (
        r"^On .{4,200}wrote:\s*$", r"^Den .{4,200}skrev.{0,80}:\s*$",
        r"^.{4,200}kirjoitti:?\s*$", r"^-{2,}\s*(Original Message|Ursprungligt meddelande|"
        r"Alkuperäinen viesti)\s*-{2,}", r"^(From|Från|Lähettäjä):\s.+",
        r"^_{10,}\s*$")]


@dataclass(frozen=True)
class ReadAttachment:
    filename: str
    content_type: str
    content: bytes = field(repr=False)


@dataclass(frozen=True)
class ReadBounce:
    """One recipient a delivery status notification (RFC 3464) says could not be reached."""
    address: str
    status: str  # "5.1.1"; "" when the report gives none


@dataclass(frozen=True)
class ReadMail:
    from_addr: str
    from_name: str
    subject: str
    text: str  # the whole plain text
    new_text: str  # without the quoted earlier message: what becomes the case or reply
    attachments: tuple[ReadAttachment, ...]
    message_id: str
    in_reply_to: str
    references: tuple[str, ...]
    is_automatic: bool
    automatic_reason: str
    is_bulk: bool  # a newsletter or list: not automatic, never answered automatically
    problems: tuple[str, ...]  # what could not be read, for the operator
    # Everyone the mail was addressed to (To, Cc, Delivered-To, X-Original-To): a reply to
    # our Reply-To carries the case number there.
    recipients: tuple[str, ...] = ()
    # A bounce: the recipients that failed, and the Message-IDs of the returned mail.
    bounced: tuple[ReadBounce, ...] = ()
    bounced_message_ids: tuple[str, ...] = ()


def _strip_junk_before_headers(raw: bytes) -> bytes:
    """Drop lines before the first header line (a stray blank or a log line)."""
    lines = raw.splitlines(keepends=True)
    for index, line in enumerate(lines[:20]):
        if HEADER_LINE.match(line):
            return b"".join(lines[index:])
    return raw


# Outlook Express writes boundary=----=_NextPart_… unquoted; "=" is not allowed there and the
# parser stops at it. Quoted, the boundary is what the parts use.
BARE_BOUNDARY = re.compile(rb"(?im)^((?:content-type:|[ \t]).*?\bboundary=)([^\s\";]*=[^\s\";]*)")


def _quote_bare_boundaries(raw: bytes) -> bytes:
    return BARE_BOUNDARY.sub(rb'\1"\2"', raw)


def _charset_hint(message: Message) -> str | None:
    """The charset the message's own text parts declare: raw 8-bit headers usually share it."""
    for part in message.walk():
        charset = part.get_content_charset()
        if charset and charset.lower() not in ("us-ascii", "ascii", "utf-8"):
            return charset
    return None


def _header(message: Message, name: str, problems: list[str], hint: str | None = None) -> str:
    """A header as text. Raw 8-bit bytes (no RFC 2047) are read as UTF-8, else in the
    charset the body declares (``hint``), else as Windows-1252 — instead of the
    replacement marks the parser would give."""
    for key, value in message.raw_items() if hasattr(message, "raw_items") else ():
        if key.lower() == name.lower() and any("\udc80" <= char <= "\udcff" for char in value):
            raw = value.encode("ascii", "surrogateescape")
            for charset in ("utf-8", hint):
                if charset:
                    try:
                        return " ".join(raw.decode(charset).split())
                    except (LookupError, UnicodeDecodeError):
                        continue
            return " ".join(raw.decode("cp1252", errors="replace").split())
    try:
        value = message.get(name)
        return "" if value is None else str(value)
    except Exception as error:  # noqa: BLE001 - a header the registry cannot parse
        problems.append(f"header {name}: {error.__class__.__name__}")
        return ""


def _sender(message: Message, problems: list[str]) -> tuple[str, str]:
    for name in ("From", "Sender", "Return-Path"):
        value = _header(message, name, problems)
        if not value:
            continue
        try:
            addresses = getattr(message[name], "addresses", None)
            if addresses:
                address: Address = addresses[0]
                if address.addr_spec and "@" in address.addr_spec:
                    return address.addr_spec.lower(), str(address.display_name or "")
        except Exception:  # noqa: BLE001
            pass
        display, addr = parseaddr(value)
        if "@" in addr:
            return addr.lower(), display
    problems.append("no sender address")
    return "", ""


def _decode_part(part: Message, problems: list[str]) -> str:
    """A text part as str: its declared charset, else a guess, else replacement marks."""
    try:
        payload = part.get_payload(decode=True) or b""
    except Exception as error:  # noqa: BLE001
        problems.append(f"undecodable part: {error.__class__.__name__}")
        return ""
    return _decode_text_bytes(payload, part.get_content_charset())


def _decode_text_bytes(payload: bytes, charset: str | None) -> str:
    for candidate in (charset, None):
        if candidate:
            try:
                return payload.decode(_charset_alias(candidate))
            except (LookupError, UnicodeDecodeError):
                continue
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Undeclared 8-bit Western mail is Windows-1252 (short Swedish or Finnish text fools
        # a guesser into Hebrew or DOS code pages); only what cp1252 cannot be is guessed.
        return payload.decode("cp1252")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(payload).best()
        if best is not None:
            return str(best)
    except Exception:  # noqa: BLE001 - the guesser is best effort
        pass
    return payload.decode("cp1252", errors="replace")


def _charset_alias(charset: str) -> str:
    # Mail calls Windows-1252 "iso-8859-1" and sends bytes 0x80-0x9f: decode as its superset.
    charset = charset.strip().strip('"').lower()
    return "cp1252" if charset in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else charset


class _TextFromHtml(HTMLParser):
    """HTML to readable text: block elements become line breaks, scripts and styles vanish,
    links keep their address. The result is text, never markup (nothing to sanitise)."""

    BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
              "blockquote", "pre", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.href = ""

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self.href.startswith(("http://", "https://")):
            self.parts.append(f" <{self.href}>")
            self.href = ""

    def handle_data(self, data) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextFromHtml()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - broken markup: keep what was read
        pass
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def trim_quoted_reply(text: str) -> str:
    """The new part of a reply: up to the first line that starts the quoted earlier message
    ("On … wrote:", "Den … skrev:", "… kirjoitti:", an Outlook header block, ">" lines).
    A message that is all quote (nothing written above it) is kept whole."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if any(pattern.match(stripped) for pattern in QUOTE_STARTS) or stripped.startswith(">"):
            if any(earlier.strip() for earlier in lines[:index]):
                return "\n".join(lines[:index]).strip()
            break
    return text.strip()


def _automatic(message: Message, sender: str, problems: list[str]) -> str:
    """Why the message is automatic ("" when a person wrote it)."""
    auto_submitted = _header(message, "Auto-Submitted", problems).strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"):
        if _header(message, name, problems):
            return name
    precedence = _header(message, "Precedence", problems).strip().lower()
    if precedence == "auto_reply":
        return f"Precedence: {precedence}"
    subject = _header(message, "Subject", problems)
    if AUTO_SUBJECT.match(subject.strip()):
        return "out-of-office subject"
    if message.get_content_type() == "multipart/report":
        report = str(message.get_param("report-type") or "report")
        return f"multipart/report ({report})"
    for part in message.walk():
        if part.get_content_type() in ("message/delivery-status", "message/disposition-notification",
                                       "message/feedback-report"):
            return part.get_content_type()
    local = sender.split("@", 1)[0]
    if local in DAEMON_LOCAL_PARTS:
        return f"daemon sender {local}"
    return ""


def is_bulk(message: Message) -> bool:
    """Newsletters and mailing lists: not automatic replies, but never to be answered."""
    precedence = str(message.get("Precedence") or "").strip().lower()
    return precedence in ("bulk", "junk", "list") or bool(message.get("List-Id"))


RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")


def _recipients(message: Message, problems: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for name in RECIPIENT_HEADERS:
        for value in _all_headers(message, name):
            found += [addr.lower() for _, addr in getaddresses([value]) if "@" in addr]
    return tuple(dict.fromkeys(found))


def _all_headers(message: Message, name: str) -> list[str]:
    try:
        return [str(value) for value in message.get_all(name) or ()]
    except Exception:  # noqa: BLE001 - an unparsable header is left out
        return []


def _bounce(message: Message) -> tuple[tuple[ReadBounce, ...], tuple[str, ...]]:
    """What a DSN reports: failed recipients (Action: failed) and the returned mail's
    Message-IDs (from its message/rfc822 or text/rfc822-headers part)."""
    failed: list[ReadBounce] = []
    ids: list[str] = []
    for part in message.walk():
        try:
            kind = part.get_content_type()
            if kind == "message/delivery-status":
                failed += _failed_recipients(part)
            elif kind == "message/rfc822":
                for inner in part.get_payload() or ():
                    ids += _ids(str(inner.get("Message-ID") or ""))
            elif kind in ("text/rfc822-headers", "message/rfc822-headers"):
                headers = HeaderParser(policy=policy.default).parsestr(
                    part.get_payload(decode=True).decode("utf-8", errors="replace"))
                ids += _ids(str(headers.get("Message-ID") or ""))
        except Exception:  # noqa: BLE001 - a broken report: keep what was read
            continue
    return tuple(dict.fromkeys(failed)), tuple(dict.fromkeys(ids))


def _failed_recipients(part: Message) -> list[ReadBounce]:
    blocks = part.get_payload()
    if not isinstance(blocks, list):
        # Some mailers send the status fields undeclared as text: read them as headers.
        text = part.get_payload(decode=True) or b""
        blocks = [HeaderParser(policy=policy.default).parsestr(chunk) for chunk in
                  text.decode("utf-8", errors="replace").replace("\r\n", "\n").split("\n\n")]
    failed = []
    for block in blocks:
        action = str(block.get("Action") or "").strip().lower()
        recipient = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
        address = recipient.split(";", 1)[-1].strip().strip("<>").lower()
        if action == "failed" and "@" in address:
            status = str(block.get("Status") or "").strip().split(" ")[0]
            failed.append(ReadBounce(address, status[:20]))
    return failed


def _ids(value: str) -> tuple[str, ...]:
    return tuple(re.findall(r"<[^<>\s]+>", value))


def _body_and_attachments(message: EmailMessage,
                          problems: list[str]) -> tuple[str, list[ReadAttachment]]:
    text = ""
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except Exception as error:  # noqa: BLE001
        problems.append(f"body: {error.__class__.__name__}")
        body = None
    if body is None and not message.is_multipart() and message.get_content_maintype() == "text":
        body = message
    if body is None:
        # get_body skips parts marked as attachments; a mailer that marks its only text so
        # still wrote a body: take the first unnamed text part, plain before HTML.
        texts = [part for part in message.walk() if part.get_content_type() in
                 ("text/plain", "text/html") and not _safe_filename(part)]
        texts.sort(key=lambda part: part.get_content_type() != "text/plain")
        body = texts[0] if texts else None
    if body is not None:
        text = _part_text(body, problems)
    if not text.strip():
        # An empty text/plain beside the real HTML (mailers do that), a stray empty part
        # after an unclosed boundary: the first other text part that says something.
        body, text = _first_text_saying_something(message, body, problems)
    if (not text.strip() and message.get_content_maintype() == "multipart"
            and isinstance(message.get_payload(), str)):
        # Declared multipart, yet no boundary in the body: what is there is the text.
        text = _unparted_multipart_text(message, problems)
    attachments = []
    try:
        parts = list(message.iter_attachments()) if message.is_multipart() else []
    except Exception as error:  # noqa: BLE001
        problems.append(f"attachments: {error.__class__.__name__}")
        parts = []
    for part in _flatten(parts):
        if part is body:
            continue
        name = _safe_filename(part)
        if not name:
            if part.get_content_maintype() in ("multipart", "text"):
                continue
            name = f"attachment.{part.get_content_subtype() or 'bin'}"
        try:
            content = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001
            content = b""
        attachments.append(ReadAttachment(str(name).strip().replace("\n", " ")[:200],
                                          part.get_content_type(), content))
    return text.replace("\r\n", "\n").strip(), attachments


def _part_text(part: Message, problems: list[str]) -> str:
    text = _decode_part(part, problems)
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def _first_text_saying_something(message: EmailMessage, body: Message | None,
                                 problems: list[str]) -> tuple[Message | None, str]:
    candidates = [part for part in message.walk() if part is not body and part.get_content_type()
                  in ("text/plain", "text/html") and not _safe_filename(part)]
    candidates.sort(key=lambda part: part.get_content_type() != "text/plain")
    for part in candidates:
        text = _part_text(part, problems)
        if text.strip():
            return part, text
    return body, ""


def _unparted_multipart_text(message: Message, problems: list[str]) -> str:
    payload = message.get_payload()
    if not isinstance(payload, str) or not payload.strip():
        return ""
    if re.search(r"(?im)^content-type:", payload):
        # Parts whose boundary does not match the declared one: MIME headers, not text.
        problems.append("multipart whose boundary matches no part: body not readable")
        return ""
    problems.append("multipart without parts: read as text")
    encoding = str(message.get("Content-Transfer-Encoding") or "").strip().lower()
    raw = payload.encode("ascii", "surrogateescape")
    try:
        if encoding == "quoted-printable":
            raw = quopri.decodestring(raw)
        elif encoding == "base64":
            raw = base64.b64decode(raw, validate=False)
    except (ValueError, binascii.Error):
        pass
    return _decode_text_bytes(raw, message.get_content_charset())


def _safe_filename(part: Message) -> str | None:
    try:
        return part.get_filename()
    except Exception:  # noqa: BLE001
        return None


def _flatten(parts: list[Message]):
    for part in parts:
        if part.is_multipart() and not part.get_filename():
            yield from _flatten(list(part.iter_parts()))
        else:
            yield part


def read_mail(raw: bytes) -> ReadMail:
    """Read one message; whatever it contains, return what could be read."""
    problems: list[str] = []
    try:
        message = email.message_from_bytes(_quote_bare_boundaries(_strip_junk_before_headers(raw)),
                                           policy=policy.default)
    except Exception as error:  # noqa: BLE001 - nothing readable at all
        return ReadMail("", "", "", "", "", (), "", "", (), False, "", False,
                        (f"unreadable: {error.__class__.__name__}",))
    sender, name = _sender(message, problems)
    hint = _charset_hint(message)
    subject = " ".join(_header(message, "Subject", problems, hint).split())[:SUBJECT_MAX]
    text, attachments = _body_and_attachments(message, problems)
    reason = _automatic(message, sender, problems)
    references = _ids(_header(message, "References", problems))
    bounced, bounced_ids = _bounce(message) if reason else ((), ())
    return ReadMail(
        from_addr=sender, from_name=name, subject=subject, text=text,
        new_text=trim_quoted_reply(text), attachments=tuple(attachments),
        message_id=(_ids(_header(message, "Message-ID", problems)) or ("",))[0],
        in_reply_to=(_ids(_header(message, "In-Reply-To", problems)) or ("",))[0],
        references=references, is_automatic=bool(reason), automatic_reason=reason,
        is_bulk=_safe_bulk(message), problems=tuple(problems),
        recipients=_recipients(message, problems), bounced=bounced,
        bounced_message_ids=bounced_ids)


def _safe_bulk(message: Message) -> bool:
    try:
        return is_bulk(message)
    except Exception:  # noqa: BLE001
        return False


__all__ = ["ReadAttachment", "ReadBounce", "ReadMail", "html_to_text", "is_bulk", "read_mail",
           "trim_quoted_reply"]
