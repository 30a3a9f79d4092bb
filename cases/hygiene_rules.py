"""Plain rules of case hygiene (merging, links, mentions): no ORM, no clock."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

MERGED_CASE_READ_ONLY = _("This case was merged into case %(number)s. Please continue there.")

# "@anna.lind" (the local part of a colleague's address) or "@anna.lind@kundcenter.example".
# Not after a word character, a dot or another "@": the "@kundcenter.example" inside an
# address written in the text is not a mention of a "kundcenter.example".
_MENTION = re.compile(
    r"(?<![\w.@])@(?P<token>[\w%+-]+(?:\.[\w%+-]+)*(?:@[\w-]+(?:\.[\w-]+)+)?)")


def mentions_in(text: str) -> list[str]:
    """The people a note mentions, lower-cased, each once, in the order written: a
    first.last name (as in the colleague's email address) or a full email address. A dot
    that ends the sentence is not part of the name."""
    found: list[str] = []
    for match in _MENTION.finditer(text or ""):
        token = match.group("token").rstrip(".").lower()
        # "@anna" alone is too vague to tell one colleague: first.last or a full address.
        if (mention_is_email(token) or "." in token) and token not in found:
            found.append(token)
    return found


def mention_is_email(token: str) -> bool:
    return "@" in token


def link_pair(a: int, b: int) -> tuple[int, int]:
    """A link's two case ids as stored: the smaller first (one row per pair)."""
    return (a, b) if a < b else (b, a)
