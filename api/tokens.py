"""Personal access tokens as strings: what is handed out once and what is stored.

Pure: no ORM, no clock. A token is ``kc_`` + 43 URL-safe characters (32 random bytes). Only
its SHA-256 is stored — enough for 256 random bits, which no dictionary can guess — and its
first characters, so the owner can tell their tokens apart.
"""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "kc_"
SHOWN_CHARACTERS = 8  # of the token, after the prefix, kept to recognise it


def token_new() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_hint(token: str) -> str:
    """What the owner sees of a stored token: ``kc_AbCdEfGh…``."""
    return token[: len(PREFIX) + SHOWN_CHARACTERS]


def looks_like_token(value: str) -> bool:
    return value.startswith(PREFIX) and 20 < len(value) < 100
