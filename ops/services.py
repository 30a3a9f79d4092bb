from __future__ import annotations

from datetime import datetime

from django.db import transaction

from .models import Heartbeat


@transaction.atomic
def heartbeat_record(*, name: str, now: datetime) -> Heartbeat:
    heartbeat, _created = Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now})
    return heartbeat
