"""The web process freezes its warmed-up heap once, after its first requests (ops/heap.py)."""

import gc

import pytest
from django.core.signals import request_finished

from ops import heap


@pytest.fixture
def clean_gc():
    """Start unfrozen with no receiver installed; put CPython's state back afterwards."""
    thresholds = gc.get_threshold()
    request_finished.disconnect(dispatch_uid=heap.DISPATCH_UID)
    gc.unfreeze()
    yield
    request_finished.disconnect(dispatch_uid=heap.DISPATCH_UID)
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_heap_is_frozen_after_the_warm_up_requests_and_only_then(clean_gc, client):
    heap.install(after_requests=3, young_threshold=12_345)
    client.get("/healthz")
    client.get("/healthz")
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold()[0] != 12_345

    client.get("/healthz")

    assert gc.get_freeze_count() > 10_000  # the modules, URLconf and templates loaded so far
    assert gc.get_threshold()[0] == 12_345


def test_heap_is_settled_once_the_receiver_is_gone_afterwards(clean_gc, client):
    heap.install(after_requests=1, young_threshold=0)
    client.get("/healthz")
    assert gc.get_freeze_count() > 0
    gc.unfreeze()

    client.get("/healthz")

    assert gc.get_freeze_count() == 0, "a later request froze the heap again"


def test_zero_requests_leaves_the_collector_alone(clean_gc, client):
    heap.install(after_requests=0, young_threshold=50_000)
    client.get("/healthz")
    client.get("/healthz")
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold()[0] != 50_000
