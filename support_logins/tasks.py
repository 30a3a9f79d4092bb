"""Celery beat: announce expired support logins (every 60 s, see CELERY_BEAT_SCHEDULE).

Access never depends on this job: a grant stops giving access at `expires_at` on its own.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import support_login_grants_expire


@shared_task
def grants_expire() -> int:
    """Mark the grants expired by now, notify the case thread and the granting SuperUser."""
    return support_login_grants_expire(now=timezone.now())
