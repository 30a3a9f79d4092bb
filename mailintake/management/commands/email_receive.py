"""Read one raw mail from standard input (an MTA pipe) and process it."""

import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from customers.models import OfficeCountry
from mailintake.services import mail_receive


class Command(BaseCommand):
    help = "Process one raw RFC 822 mail from standard input for an office's support address."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--office", choices=OfficeCountry.values, required=True)

    def handle(self, *args, office: str, **options) -> None:
        record = mail_receive(raw=sys.stdin.buffer.read(), office=office, now=timezone.now())
        self.stdout.write(f"{record.status}: {record.route} ({record.reason})"
                          + (f" case {record.case.number}" if record.case else "")
                          + (f" error: {record.error}" if record.error else ""))
