"""Where an inbound mail goes — a pure rule on facts the intake service looks up: a new
case, a reply on a case it threads to, a polite answer explaining how to get support, a
bounce of our own mail (the address is marked), held (the sender is over the hourly limit),
or nothing at all (automatic mail and lists are never answered: no mail loops)."""

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
    BOUNCE = "bounce"
    HOLD = "hold"
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
    # A delivery failure report about mail the portal sent.
    reports_our_bounce: bool = False
    # The sender has already reached the hourly limit of mails acted on.
    sender_over_limit: bool = False


@dataclass(frozen=True)
class Decision:
    route: Route
    reason: str


def case_number_in_subject(subject: str) -> str | None:
    """The first case number in a subject ("SV: Ärende 2026-000123 …"), if any."""
    match = CASE_NUMBER.search(subject or "")
    return match.group(1) if match else None


def route_mail(facts: MailFacts) -> Decision:
    if facts.reports_our_bounce:
        return Decision(Route.BOUNCE, "our mail could not be delivered")
    if facts.is_automatic:
        return Decision(Route.IGNORE, "automatic mail (auto-reply, bounce, receipt)")
    if facts.is_bulk:
        return Decision(Route.IGNORE, "mailing list or newsletter")
    if facts.sender_over_limit:
        # Kept for an operator, not acted on and not answered: a loop or a script gone wrong.
        return Decision(Route.HOLD, "sender over the hourly limit")
    if not facts.sender_known:
        return Decision(Route.ANSWER_HOW_TO_GET_SUPPORT, "sender is not a customer's person")
    if not facts.sender_may_write:
        return Decision(Route.ANSWER_HOW_TO_GET_SUPPORT,
                        "sender may not register or change cases now (seat, payments)")
    if facts.threads_to_own_case:
        return Decision(Route.REPLY, "threads to a case of the sender's customer")
    return Decision(Route.NEW_CASE, "a new question from a SuperUser")


# A subject that starts with one of these words and a colon names its category
# ("Beställning: två licenser till"). Only as a prefix: ERP people write "order" and "fel"
# in support questions all day.
CATEGORY_PREFIXES = {
    "order": ("order", "beställning", "tilaus"),
    "bug": ("bug", "bugg", "programfel", "software bug", "ohjelmavirhe", "bugi"),
    "wish": ("wish", "önskemål", "toive", "kehitysehdotus", "feature request"),
}
_CATEGORY_PREFIX = re.compile(r"^\s*([^\W\d_][\w ]{1,30}?)\s*[:–-]", re.UNICODE)
_WORD_EDGE = r"(?<![\w-]){}(?![\w-])"


def category_from_subject(subject: str, default: str = "support") -> str:
    """The category a subject's prefix names, else ``default`` (a support question)."""
    match = _CATEGORY_PREFIX.match(subject or "")
    if match:
        word = match.group(1).strip().lower()
        for category, words in CATEGORY_PREFIXES.items():
            if word in words:
                return category
    return default


def module_from_subject(subject: str, modules: list[tuple[int, str]]) -> int | None:
    """The module (id, name) a subject names as a word, longest name first ("Lön Plus"
    before "Lön"); None when it names none."""
    lowered = (subject or "").lower()
    for module_id, name in sorted(modules, key=lambda item: -len(item[1])):
        if name and re.search(_WORD_EDGE.format(re.escape(name.lower())), lowered):
            return module_id
    return None
