"""`manage.py sla_check FILE [--answers OUT]`: run rule-book vectors on the seeded calendars.

Prints one line per mismatch, `id expected actual` (`invalid:<why>` as the actual of an
unusable vector; details on stderr), then the last line `N passed, M failed`. Exit status 1
when anything failed. `--answers OUT` writes `{id: actual}` as JSON; with `-` the JSON goes
to stdout and everything else to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection

from sla.services import calendar_tables_get
from sla.vectors import MISSING, Outcome, VectorResult, run_vectors


def _shown(value: Any) -> str:
    """Values as the vector files write them: strings bare, the rest as JSON."""
    if value is MISSING:
        return "-"
    return value if isinstance(value, str) else json.dumps(value)


MIGRATE_FIRST = "run `python manage.py migrate` (or `make migrate`) first"


def _database_check() -> None:
    """A one-line CommandError, not a traceback, on a checkout that was never migrated: the
    calendars live in the database (seeded by a migration)."""
    try:
        present = set(connection.introspection.table_names())
    except DatabaseError as error:  # e.g. SQLite's folder `var/` does not exist yet
        raise CommandError(f"cannot open the database ({error}); {MIGRATE_FIRST}") from error
    needed = {model._meta.db_table for model in apps.get_app_config("sla").get_models()}
    if missing := sorted(needed - present):
        raise CommandError(f"the database is not migrated (no table {missing[0]}); {MIGRATE_FIRST}")


class Command(BaseCommand):
    help = "Check SLA vectors (the format of sla/vectors/public.json) against the calendars."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON list of vectors")
        parser.add_argument(
            "--answers", metavar="OUT", help="write {id: actual} as JSON to OUT ('-' = stdout)"
        )

    def handle(self, *args: Any, file: str, answers: str | None = None, **options: Any) -> None:
        try:
            vectors = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read vectors from {file}: {error}") from error
        if not isinstance(vectors, list):
            raise CommandError(f"{file} must hold a JSON list of vectors")

        _database_check()
        results = run_vectors(vectors, calendar_tables_get())
        # With answers on stdout, stdout must hold nothing but the JSON.
        report = self.stderr if answers == "-" else self.stdout
        for result in results:
            self._report(result, report)
        computed = sum(r.outcome is Outcome.COMPUTED for r in results)
        passed = sum(r.outcome is Outcome.PASSED for r in results)
        failed = sum(r.outcome in (Outcome.FAILED, Outcome.INVALID) for r in results)
        if answers is not None:
            self._write_answers(results, answers)
        if computed:
            report.write(f"{computed} computed without an expected value")
        report.write(f"{passed} passed, {failed} failed")
        if failed:
            sys.exit(1)

    def _report(self, result: VectorResult, report: Any) -> None:
        if result.outcome is Outcome.INVALID:
            report.write(f"{result.id} {_shown(result.expected)} invalid:{result.code}")
            self.stderr.write(f"{result.id}: {result.problem}")
        elif result.outcome is Outcome.FAILED:
            report.write(f"{result.id} {_shown(result.expected)} {_shown(result.actual)}")
            if result.problem:
                self.stderr.write(f"{result.id}: {result.problem}")

    def _write_answers(self, results: list[VectorResult], answers: str) -> None:
        # Unusable vectors answer null: "error" would claim a refusal the engine never made.
        text = json.dumps(
            {r.id: (None if r.outcome is Outcome.INVALID else r.actual) for r in results},
            indent=2,
            ensure_ascii=False,
        )
        if answers == "-":
            self.stdout.write(text)
        else:
            Path(answers).write_text(text + "\n", encoding="utf-8")
