"""Rules for version files as plain functions: no ORM, no clock."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def sha256_hex(chunks: Iterable[bytes]) -> str:
    """The SHA-256 of the bytes in ``chunks``, as the 64 lower-case hex digits customers
    compare with ``sha256sum`` / ``Get-FileHash``."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def file_too_large(size: int, *, limit: int) -> bool:
    return size > limit
