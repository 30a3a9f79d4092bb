import dataclasses

from celery import shared_task
from django.conf import settings

from .imap import mailbox_poll


@shared_task
def mailboxes_poll() -> dict[str, dict[str, int | str]]:
    """Every minute: each office's support mailbox into the intake. An office without a host
    has no mailbox (yet) and is skipped; a mailbox that cannot be reached is reported in its
    result, not raised, so the other office is still read and the next run tries again."""
    return {office: dataclasses.asdict(mailbox_poll(office=office, config=config))
            for office, config in settings.MAIL_INTAKE_MAILBOXES.items() if config.get("host")}
