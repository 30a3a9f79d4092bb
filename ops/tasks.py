from celery import shared_task
from django.utils import timezone

from .services import heartbeat_record


@shared_task
def beat_heartbeat(name: str) -> None:
    """Scheduled by beat every 30 s (CELERY_BEAT_SCHEDULE); /readyz reads the row."""
    heartbeat_record(name=name, now=timezone.now())
