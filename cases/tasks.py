import logging

from celery import shared_task

from .notifications import outbox_pending_ids, outbox_send_one

log = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def outbox_send(self, email_id: int) -> bool:
    try:
        return outbox_send_one(email_id)
    except Exception as error:  # SMTP trouble: try again later; outbox_flush is the backstop
        raise self.retry(exc=error) from error


@shared_task
def outbox_flush() -> int:
    """Send whatever the outbox still owes (after a broker or SMTP outage)."""
    sent = 0
    for email_id in outbox_pending_ids():
        try:
            sent += outbox_send_one(email_id)
        except Exception:  # noqa: BLE001 - one bad address must not block the rest
            log.exception("outbox email %s not sent; will retry", email_id)
    return sent


@shared_task
def case_deadlines_recompute(office: str) -> int:
    from .services import case_deadlines_recompute_for_office

    return case_deadlines_recompute_for_office(office=office)
