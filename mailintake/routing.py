"""Where an inbound mail goes — a pure rule on facts the intake service looks up: a new
case, a reply on a case it threads to, a polite answer explaining how to get support, or
nothing at all (automatic mail and lists are never answered: no mail loops)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# Case numbers as the portal writes them: 2026-000123.
CASE_NUMBER = re.compile(r"(?<![\d-])(20\d{2}-\d{6})(?![\d])")


class Route(StrEnum):
    NEW_CASE = "new_case"
    REPLY = "reply"
    ANSWER_HOW_TO_GET_SUPPORT = "answer"
    IGNORE = "ignore"


@dataclass(frozen=True)
class MailFacts:
    is_automatic: bool
    is_bulk: bool
    # The sender is a person of a customer, and may register and change cases now (an active
    # SuperUser of an active, paid-up customer with a seat).
    sender_known: bool
    sender_may_write: bool
    # A case the mail threads to (number in the subject, our Message-ID in In-Reply-To or
    # References) that belongs to the sender's own customer.
    threads_to_own_case: bool


@dataclass(frozen=True)
class Decision:
    route: Route
    reason: str


def case_number_in_subject(subject: str) -> str | None:
    """The first case number in a subject ("SV: Ärende 2026-000123 …"), if any."""
    match = CASE_NUMBER.search(subject or "")
    return match.group(1) if match else None


def route_mail(facts: MailFacts) -> Decision:
    if facts.is_automatic:
        return Decision(Route.IGNORE, "automatic mail (auto-reply, bounce, receipt)")
    if facts.is_bulk:
        return Decision(Route.IGNORE, "mailing list or newsletter")
    if not facts.sender_known:
        return Decision(Route.ANSWER_HOW_TO_GET_SUPPORT, "sender is not a customer's person")
    if not facts.sender_may_write:
        return Decision(Route.ANSWER_HOW_TO_GET_SUPPORT,
                        "sender may not register or change cases now (seat, payments)")
    if facts.threads_to_own_case:
        return Decision(Route.REPLY, "threads to a case of the sender's customer")
    return Decision(Route.NEW_CASE, "a new question from a SuperUser")
