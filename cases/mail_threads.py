"""How our mail names its case, so an answer finds its way back: one place writes the
addresses and Message-IDs the outbox sends, and reads them again when a mail comes in.

- Reply-To ``support+2026-000123@kundcenter.example``: plus addressing, which the office
  mailbox delivers to ``support@``; the intake reads the number from To/Cc/Delivered-To.
- Message-ID ``<case-2026-000123.<outbox id>.<random>@kundcenter.example>``, and every mail of
  a case refers to the root ``<case-2026-000123@kundcenter.example>`` so mail clients show one
  thread per case; a reply's In-Reply-To/References carry the number back.

Pure: no ORM, no settings. Whether the case belongs to the sender is the intake's check; a
number found here only says which case the mail claims to be about."""

from __future__ import annotations

import re
import secrets

NUMBER = r"(20\d{2}-\d{6})"
_REPLY_ADDRESS = re.compile(rf"\+{NUMBER}@", re.IGNORECASE)
_MESSAGE_ID = re.compile(rf"^<case-{NUMBER}[.@]", re.IGNORECASE)


def _split(address: str) -> tuple[str, str]:
    local, _, domain = address.rpartition("@")
    return local, domain


def mail_domain(address: str) -> str:
    return _split(address)[1] or "localhost"


def case_reply_address(support_address: str, number: str) -> str:
    """The office's support address with the case number as a plus tag."""
    local, domain = _split(support_address)
    return f"{local.split('+', 1)[0]}+{number}@{domain}"


def case_thread_root(number: str, domain: str) -> str:
    return f"<case-{number}@{domain}>"


def case_message_id(number: str, email_id: int, domain: str) -> str:
    # The random part keeps IDs unique across databases (a restored test copy, staging).
    return f"<case-{number}.{email_id}.{secrets.token_hex(4)}@{domain}>"


def portal_message_id(email_id: int, domain: str) -> str:
    return f"<kundcenter.{email_id}.{secrets.token_hex(4)}@{domain}>"


def number_from_reply_address(address: str) -> str | None:
    match = _REPLY_ADDRESS.search(address or "")
    return match.group(1) if match else None


def number_from_message_id(message_id: str) -> str | None:
    match = _MESSAGE_ID.match((message_id or "").strip())
    return match.group(1) if match else None


def is_our_message_id(message_id: str, domains: set[str]) -> bool:
    """Whether a Message-ID is one the outbox wrote (case mail or other portal mail)."""
    local, domain = _split((message_id or "").strip().strip("<>"))
    return (domain.lower() in domains
            and (local.startswith("case-") or local.startswith("kundcenter.")))
