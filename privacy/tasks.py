from celery import shared_task
from django.utils import timezone

from .retention import closed_cases_anonymise, expired_rows_delete


@shared_task
def retention_run() -> dict:
    """Daily: closed cases past retention, a chunk at a time until none are due, then the
    expired rows."""
    now = timezone.now()
    cases = 0
    while chunk := closed_cases_anonymise(now=now):
        cases += chunk
    return {"cases": cases, **expired_rows_delete(now=now)}
