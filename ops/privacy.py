"""Personal data in the ops app (privacy.registry): none. A heartbeat names a process."""

from __future__ import annotations

from privacy.registry import declare, not_personal

from .models import Heartbeat

declare(Heartbeat, fields=not_personal("id", "name", "beat_at"))
