import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ops.queues import (
    broker_queues,
    outbox_backlog,
    queue_names,
    queue_status_as_dict,
    queue_status_as_table,
)


class Command(BaseCommand):
    help = "Prints each Celery queue's length and the oldest unsent outbox email."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")

    def handle(self, *args, **options) -> None:
        try:
            queues = broker_queues(settings.CELERY_BROKER_URL,
                                   queue_names(getattr(settings, "CELERY_TASK_QUEUES", None)),
                                   transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS)
        except ValueError as error:
            raise CommandError(str(error)) from error
        outbox = outbox_backlog(now=timezone.now())
        if options["json"]:
            self.stdout.write(json.dumps(queue_status_as_dict(queues, outbox)))
        else:
            self.stdout.write(queue_status_as_table(queues, outbox))
