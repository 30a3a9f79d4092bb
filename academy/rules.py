"""Pure rules of the Academy: which language a reader gets, and feed token digests."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

# After the reader's own language: English (read by both offices), then the two office
# languages. The FAQ has no article-level fallback, so the portal's order is the one here.
FALLBACK_ORDER = ("en", "sv", "fi")


def language_order(language: str | None) -> tuple[str, ...]:
    """The languages to try for ``language``, best first, each once."""
    first = (language or "").split("-")[0]
    return tuple(dict.fromkeys([first, *FALLBACK_ORDER] if first else FALLBACK_ORDER))


def best_per_key(items: Iterable[T], *, language: str | None, key: Callable[[T], object],
                 language_of: Callable[[T], str]) -> list[T]:
    """Per ``key`` (a module), the item in the best language of ``language_order``; items
    in a language outside the order come last. Keeps the order keys first appear in."""
    order = language_order(language)

    def rank(item: T) -> int:
        code = language_of(item)
        return order.index(code) if code in order else len(order)

    best: dict[object, T] = {}
    for item in items:
        current = best.get(key(item))
        if current is None or rank(item) < rank(current):
            best[key(item)] = item
    return list(best.values())


def feed_token_digest(token: str) -> str:
    """What is stored of a feed token: its SHA-256 (the token itself is 256 random bits,
    so a plain hash cannot be guessed back)."""
    return hashlib.sha256(token.encode()).hexdigest()
