from celery import shared_task
from django.utils import timezone

from cases.notifications import digests_queue


@shared_task
def notification_digests_send() -> int:
    """Daily: each person's digest goes into the outbox, which sends it (and keeps it through
    a broker outage)."""
    return digests_queue(now=timezone.now())
