import csv
from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from kundcenter.csv_safety import csv_safe_row
from privacy.incidents import CSV_HEADER, csv_rows, persons_processed_by


def _day(value: str) -> datetime:
    try:
        return timezone.make_aware(datetime.combine(datetime.strptime(value, "%Y-%m-%d").date(),
                                                    time.min))
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = ("Every person whose data an account read or changed in a period, with contact "
            "details, as CSV (for notifying them after an incident).")

    def add_arguments(self, parser):
        parser.add_argument("--actor", required=True, help="the account's email address or id")
        parser.add_argument("--since", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", required=True, help="last day, YYYY-MM-DD (included)")

    def handle(self, *args, **options):
        lookup = options["actor"]
        actor = (User.objects.filter(pk=int(lookup)).first() if lookup.isdigit()
                 else User.objects.filter(email__iexact=lookup).first())
        if actor is None:
            raise CommandError(f"no account {lookup!r}")
        start = _day(options["since"])
        end = _day(options["until"]) + timezone.timedelta(days=1)
        if end <= start:
            raise CommandError("--until is before --since")
        traced = persons_processed_by(actor=actor, start=start, end=end)
        # Reading this list is itself processing of those persons' data.
        audit_record(actor=None, action="privacy.incident_trace", person_id=None,
                     details={"actor": actor.pk, "since": options["since"],
                              "until": options["until"], "persons": len(traced)})
        writer = csv.writer(self.stdout, delimiter=";", lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for row in csv_rows(traced):
            writer.writerow(csv_safe_row(row))
        self.stderr.write(f"{len(traced)} persons")
