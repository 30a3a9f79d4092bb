"""A warm web process keeps its long-lived heap out of the garbage collector's way.

After its first requests a portal process holds some 140,000 objects that live as long as
it does: modules, the URLconf, compiled templates, translation catalogues, model metadata.
CPython's cyclic collector walks every one of them on each full collection, and a page
allocates enough to trigger one every fifty requests or so: on the case list that was a
seventh of the page's CPU time (about 2 ms of 15, measured with gc.callbacks). Once those
objects are loaded, ``gc.freeze()`` moves them to a generation the collector never scans,
and a larger youngest generation collects a page's short-lived cycles a few times per
request instead of dozens.

Nothing is cached and nothing changes what a page shows: frozen objects are merely never
examined for reference cycles (the few that would later become cyclic garbage stay).
"""

from __future__ import annotations

import gc
from typing import Any

from django.core.signals import request_finished

DISPATCH_UID = "ops.heap.freeze_after_warm_up"


def settle_heap(*, young_threshold: int) -> None:
    """Collect once, freeze what is left, and widen the youngest generation."""
    gc.collect()
    gc.freeze()
    if young_threshold > 0:
        _young, middle, old = gc.get_threshold()
        gc.set_threshold(young_threshold, middle, old)


class FreezeAfterWarmUp:
    """``request_finished`` receiver: settles the heap once the process has served
    ``requests`` requests, then disconnects itself. request_finished fires when the server
    closes the response, so the one collection it costs is not waited for by anyone."""

    def __init__(self, *, requests: int, young_threshold: int) -> None:
        self.remaining = requests
        self.young_threshold = young_threshold

    def __call__(self, **_kwargs: Any) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            return
        request_finished.disconnect(dispatch_uid=DISPATCH_UID)
        settle_heap(young_threshold=self.young_threshold)


def install(*, after_requests: int, young_threshold: int) -> None:
    if after_requests <= 0:
        return
    request_finished.connect(
        FreezeAfterWarmUp(requests=after_requests, young_threshold=young_threshold),
        weak=False, dispatch_uid=DISPATCH_UID)
