from celery import shared_task
from django.utils import timezone


@shared_task
def monthly_report_send() -> int:
    from .services import monthly_report_queue

    return monthly_report_queue(now=timezone.now())
