from __future__ import annotations

from datetime import datetime

from django.db.models import Max

from .models import Heartbeat


def heartbeat_latest() -> datetime | None:
    """When any beat last gave a sign of life (there is one beat; a renamed one leaves its
    old row behind, which must not hide the new one's)."""
    return Heartbeat.objects.aggregate(latest=Max("beat_at"))["latest"]
