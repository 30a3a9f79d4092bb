import logging

from celery import shared_task
from django.utils import timezone

from .notifications import outbox_pending_ids, outbox_send_one

log = logging.getLogger(__name__)


@shared_task
def outbox_send(email_id: int) -> bool:
    """First try right after the commit; a failure is recorded on the row and
    ``outbox_flush`` retries it with backoff."""
    return outbox_send_one(email_id)


@shared_task
def outbox_flush() -> int:
    """Send whatever the outbox still owes and is due (after a broker or SMTP outage)."""
    sent = 0
    for email_id in outbox_pending_ids(now=timezone.now()):
        try:
            sent += outbox_send_one(email_id)
        except Exception:  # noqa: BLE001 - e.g. the database blinked; the next run retries
            log.exception("outbox email %s not sent; will retry", email_id)
    return sent


@shared_task
def case_deadlines_recompute(office: str) -> int:
    from .services import case_deadlines_recompute_for_office

    return case_deadlines_recompute_for_office(office=office)


@shared_task
def sla_breach_watch() -> dict[str, int]:
    """Every minute: record the start promises that became at risk or were breached, then
    tell the teams whose office is open."""
    from .breach_watch import breach_watch_notify, breach_watch_record

    now = timezone.now()
    return {"recorded": breach_watch_record(now=now), "sent": breach_watch_notify(now=now)}
