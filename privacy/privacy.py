"""This app's own declarations, autodiscovered like every app's privacy.py (privacy.apps):
the erasure record, and (privacy.thirdparty) the models of Django's and third-party apps."""

from __future__ import annotations

from . import thirdparty  # noqa: F401
from .models import ErasureRequest
from .registry import Erase, declare, not_personal, personal

# The record that the person was erased, and of what: it outlives the erasure by design.
declare(
    ErasureRequest,
    fields={
        **not_personal("id", "person", "requested_at", "requested_by_person", "status",
                       "decided_by", "decided_at", "result"),
        "reason": personal(Erase.KEEP,
                           kept_because="the record of the erasure: why it was declined or done"),
    },
    owners=("person",),
    subject_person="person",
)
