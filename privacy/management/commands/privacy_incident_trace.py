import csv
from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_record
from kundcenter.csv_safety import csv_safe_row
from privacy.incidents import CSV_HEADER, account_find, csv_rows, period_bounds, persons_processed_by


def _day(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
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
        actor = account_find(options["actor"])
        if actor is None:
            raise CommandError(f"no account {options['actor']!r}")
        first_day, last_day = _day(options["since"]), _day(options["until"])
        if last_day < first_day:
            raise CommandError("--until is before --since")
        start, end = period_bounds(first_day, last_day)
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
