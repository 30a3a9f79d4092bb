from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import calendar_window_extend as calendar_window_extend_service

# Deadlines of open cases reach at most ~13 months ahead (level 5); ten years of margin
# means a missed beat run for years still breaks nothing.
YEARS_AHEAD = 10


@shared_task
def calendar_window_extend() -> list[str]:
    """Keep every support calendar computable through this year + YEARS_AHEAD; idempotent."""
    return calendar_window_extend_service(until_year=timezone.now().year + YEARS_AHEAD)
