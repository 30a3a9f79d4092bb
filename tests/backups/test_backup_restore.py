"""Backups as an operator relies on them: scripts/backup.sh and scripts/restore.sh against the
real PostgreSQL. A backup restored into a fresh database serves the SuperUser the same cases
and attachment; restore refuses a database that has data unless told to replace it, and a
backup whose files changed restores nothing; a failed backup leaves no folder behind.

The data is committed (pg_dump runs in another process): the module's fixture builds it once
with the database unblocked and backs it up; the tests are transactional, so pytest-django
flushes the rows after the first of them, and every test works from the backup folder alone.
Restored databases are named after the test database (test_h_deploy_… locally) and dropped
afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"
PROBE = Path(__file__).with_name("portal_probe.py")
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n% the invoice that does not print\n"
REFUSED = 4  # restore.sh's exit status for a target that has data

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass(frozen=True)
class Source:
    """The committed portal data, its backup, and how to reach the server."""

    connection: dict
    backup: Path
    email: str
    password: str
    cases: dict[str, str]  # number -> subject
    reply: str
    attachment_pk: int
    attachment_sha256: str
    migrations: list[str]

    def url(self, database: str) -> str:
        c = self.connection
        host = f"{c['HOST'] or '127.0.0.1'}:{c['PORT'] or 5432}"
        return f"postgres://{c['USER']}:{c['PASSWORD']}@{host}/{database}"


def portal_env(source: Source, database: str, media: Path) -> dict[str, str]:
    """The portal's environment pointing at `database` and `media`, as an operator sets it."""
    return {**os.environ, "DATABASE_URL": source.url(database), "MEDIA_ROOT": str(media),
            "DJANGO_SETTINGS_MODULE": "kundcenter.settings.test", "PYTHON": sys.executable}


def run(script: Path, *args: str, source: Source, database: str, media: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(script), *args], cwd=ROOT, env=portal_env(source, database, media),
                          capture_output=True, text=True, timeout=300)


def manage(*args: str, source: Source, database: str, media: Path) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=portal_env(source, database, media),
                   check=True, capture_output=True, timeout=300)


def psql(source: Source, database: str, sql: str) -> str:
    command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", source.url(database), "-c", sql]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def _portal_data(media: Path) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings
    from django.utils import timezone

    from cases.services import case_message_add
    from tests.factories import PASSWORD, make_superuser, register_case, support_calendars_seed

    support_calendars_seed()  # an earlier transactional test may have flushed them
    with override_settings(MEDIA_ROOT=media):  # the factories store the attachment here
        reporter = make_superuser(email="backup.owner@example.com")
        printing = register_case(reporter=reporter, subject="Invoices do not print",
                                 attachments=[SimpleUploadedFile("invoice.pdf", PDF)])
        ledger = register_case(reporter=reporter, subject="Ledger totals differ after import")
        reply = "The totals differ by exactly one öre."
        case_message_add(case=ledger, by=reporter, body=reply, now=timezone.now())
    return {"email": reporter.email, "password": PASSWORD, "reply": reply,
            "cases": {printing.number: printing.subject, ledger.number: ledger.subject},
            "attachment_pk": printing.attachments.get().pk}


@pytest.fixture(scope="module")
def source(django_db_setup, django_db_blocker, tmp_path_factory) -> Source:
    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("backups need PostgreSQL: set DATABASE_URL")
        if shutil.which("pg_dump") is None:
            pytest.skip("backups need the PostgreSQL client (apt-get install postgresql-client)")
        media = tmp_path_factory.mktemp("media-source")
        try:
            data = _portal_data(media)
            migrations = _applied_migrations(connection)
            source = Source(connection=dict(connection.settings_dict),
                            backup=tmp_path_factory.mktemp("backups") / "nightly",
                            attachment_sha256=hashlib.sha256(PDF).hexdigest(), migrations=migrations,
                            **data)
            made = run(BACKUP, str(source.backup), source=source,
                       database=connection.settings_dict["NAME"], media=media)
            assert made.returncode == 0, made.stderr
            yield source
        finally:  # the rows are gone already unless the fixture failed before any test ran
            call_command("flush", interactive=False, verbosity=0)


def _applied_migrations(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app || '.' || name FROM django_migrations ORDER BY app, name")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def new_database(source):
    """Makes empty databases of the test's own (createdb); drops them afterwards."""
    names: list[str] = []

    def create() -> str:
        names.append(f"{source.connection['NAME']}_restore_{uuid.uuid4().hex[:8]}")
        psql(source, "postgres", f'CREATE DATABASE "{names[-1]}"')
        return names[-1]

    yield create
    for name in names:
        psql(source, "postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_database(new_database) -> str:
    return new_database()


def test_a_restored_backup_serves_the_superuser_the_same_cases_and_attachment(source, fresh_database,
                                                                             tmp_path):
    media = tmp_path / "media"
    restored = run(RESTORE, str(source.backup), source=source, database=fresh_database, media=media)
    assert restored.returncode == 0, restored.stderr

    output = tmp_path / "probe.json"
    request = {"email": source.email, "password": source.password, "cases": list(source.cases),
               "attachment": source.attachment_pk}
    subprocess.run([sys.executable, str(PROBE), str(output), json.dumps(request)], cwd=ROOT,
                   env=portal_env(source, fresh_database, media), check=True, capture_output=True,
                   timeout=120)
    answer = json.loads(output.read_text())

    assert answer["login_status"] == 302  # the password hash came back with the account
    assert answer["list_status"] == 200
    for number, subject in source.cases.items():
        assert number in answer["list"] and subject in answer["list"]
        assert answer["pages"][number]["status"] == 200
    ledger = next(number for number, subject in source.cases.items() if subject.startswith("Ledger"))
    assert source.reply in answer["pages"][ledger]["html"]
    assert answer["attachment_status"] == 200
    assert answer["attachment_sha256"] == source.attachment_sha256


def test_the_manifest_names_the_migration_state_and_the_checksums_cover_every_file(source):
    manifest = json.loads((source.backup / "manifest.json").read_text())
    assert sorted(manifest["migrations"]) == sorted(source.migrations)
    assert manifest["media"]["files"] == 1
    listed = {line.split("  ", 1)[1] for line in (source.backup / "SHA256SUMS").read_text().splitlines()}
    assert listed == {"database.dump", "manifest.json", "media.tar.gz"}
    for name in listed:
        digest = hashlib.sha256((source.backup / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in (source.backup / "SHA256SUMS").read_text()


def test_restore_refuses_a_database_with_data_unless_forced_and_then_replaces_it(source, fresh_database,
                                                                              tmp_path):
    media = tmp_path / "media"
    first = run(RESTORE, str(source.backup), source=source, database=fresh_database, media=media)
    assert first.returncode == 0, first.stderr
    psql(source, fresh_database, "UPDATE cases_case SET subject = 'changed since the backup';"
                                 "CREATE TABLE left_behind (id int)")

    # An empty media folder this time: the database alone must be reason enough to refuse.
    again = run(RESTORE, str(source.backup), source=source, database=fresh_database, media=tmp_path / "other")

    assert again.returncode == REFUSED
    assert f"database {fresh_database} is not empty" in again.stderr and "--force" in again.stderr
    subjects = psql(source, fresh_database, "SELECT DISTINCT subject FROM cases_case")
    assert subjects == "changed since the backup"

    forced = run(RESTORE, str(source.backup), "--force", source=source, database=fresh_database, media=media)

    assert forced.returncode == 0, forced.stderr
    subjects = psql(source, fresh_database, "SELECT subject FROM cases_case").splitlines()
    assert sorted(subjects) == sorted(source.cases.values())
    assert psql(source, fresh_database, "SELECT to_regclass('public.left_behind') IS NULL") == "t"


def test_restore_refuses_a_media_folder_with_files_in_it(source, fresh_database, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "someone-elses.pdf").write_bytes(PDF)

    refused = run(RESTORE, str(source.backup), source=source, database=fresh_database, media=media)

    assert refused.returncode == REFUSED
    assert f"MEDIA_ROOT {media} is not empty" in refused.stderr
    assert psql(source, fresh_database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0"


def test_a_backup_from_an_older_release_is_migrated_to_this_one_on_restore(source, new_database, tmp_path):
    # An older release's database: this one's, with the feedback app's migrations undone.
    older, media = new_database(), tmp_path / "m1"
    staged = run(RESTORE, str(source.backup), source=source, database=older, media=media)
    assert staged.returncode == 0, staged.stderr
    manage("migrate", "feedback", "zero", "--noinput", source=source, database=older, media=media)
    older_backup = tmp_path / "older"
    made = run(BACKUP, str(older_backup), source=source, database=older, media=media)
    assert made.returncode == 0, made.stderr
    manifest = json.loads((older_backup / "manifest.json").read_text())
    assert "feedback.0001_initial" not in manifest["migrations"]

    target = new_database()
    restored = run(RESTORE, str(older_backup), source=source, database=target, media=tmp_path / "m2")

    assert restored.returncode == 0, restored.stderr
    applied = psql(source, target, "SELECT app || '.' || name FROM django_migrations").splitlines()
    assert sorted(applied) == sorted(source.migrations)
    assert psql(source, target, "SELECT count(*) FROM cases_case") == str(len(source.cases))


def test_a_changed_backup_fails_its_checksum_and_restores_nothing(source, fresh_database, tmp_path):
    tampered = tmp_path / "tampered"
    shutil.copytree(source.backup, tampered)
    dump = bytearray((tampered / "database.dump").read_bytes())
    dump[len(dump) // 2] ^= 0xFF
    (tampered / "database.dump").write_bytes(bytes(dump))
    media = tmp_path / "media"

    restored = run(RESTORE, str(tampered), source=source, database=fresh_database, media=media)

    assert restored.returncode != 0
    assert "checksums do not match" in restored.stderr
    assert psql(source, fresh_database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0"
    assert not media.exists()


def test_a_backup_folder_is_whole_or_absent_and_never_written_over(source, tmp_path):
    existing = tmp_path / "last-night"
    existing.mkdir()
    (existing / "keep.txt").write_text("an older backup")
    refused = run(BACKUP, str(existing), source=source, database=source.connection["NAME"], media=tmp_path)
    assert refused.returncode != 0 and "exists" in refused.stderr
    assert [path.name for path in existing.iterdir()] == ["keep.txt"]

    destination = tmp_path / "tonight"
    failed = run(BACKUP, str(destination), source=source, database=f"{source.connection['NAME']}_missing",
                 media=tmp_path)
    assert failed.returncode != 0
    assert "FAILED" in failed.stderr
    assert not destination.exists() and not Path(f"{destination}.partial").exists()
