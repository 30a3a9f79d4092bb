"""Waiting, in tests, for what another process does (a worker, a server, a cluster)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest


def wait_until(condition: Callable[[], object], *, timeout: float, what: str,
               diagnostics: Callable[[], str] = lambda: "") -> None:
    """Poll ``condition`` until it is true; fail with ``what`` when it never becomes so."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} (after {timeout} s)\n{diagnostics()}")
        time.sleep(0.05)
