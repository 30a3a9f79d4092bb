"""Recompute every case's SLA instants and time to start on today's calendars."""

from django.core.management.base import BaseCommand

from cases.services import sla_targets_recompute
from customers.models import OfficeCountry


class Command(BaseCommand):
    help = ("After a calendar was corrected (a holiday, opening hours): recompute each case's "
            "start deadline, resolution goal and time to start in opening hours from its "
            "registration and start of work, so the reports count the past on the corrected "
            "calendar.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--office", choices=OfficeCountry.values,
                            help="only this office's cases (default: all)")

    def handle(self, *args, office: str | None = None, **options) -> None:
        count = sla_targets_recompute(office=office)
        self.stdout.write(f"Recomputed {count} cases.")
