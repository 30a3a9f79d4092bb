from __future__ import annotations

from datetime import datetime

from .models import Feedback


def feedback_count_since(*, sender_key: str, since: datetime) -> int:
    return Feedback.objects.filter(sender_key=sender_key, created_at__gte=since).count()
