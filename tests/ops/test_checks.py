"""The readiness checks against the real services, and the staleness rule on a given clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection

from ops.checks import beat_check, broker_check, database_check, readiness_report, storage_check
from tests.pg_cluster import free_port

NOW = dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC)
STALE_AFTER = dt.timedelta(seconds=180)


def test_a_heartbeat_younger_than_the_limit_is_alive():
    assert beat_check(NOW - dt.timedelta(seconds=180), now=NOW, stale_after=STALE_AFTER).ok


def test_a_heartbeat_older_than_the_limit_is_stale_and_says_how_old():
    result = beat_check(NOW - dt.timedelta(seconds=181), now=NOW, stale_after=STALE_AFTER)
    assert not result.ok and "181 s" in result.detail


def test_no_heartbeat_at_all_is_not_alive():
    assert not beat_check(None, now=NOW, stale_after=STALE_AFTER).ok


def test_the_report_names_the_failing_checks():
    from ops.checks import CheckResult

    ready, body = readiness_report([CheckResult("database", True), CheckResult("beat", False, "x")])
    assert not ready
    assert body["failing"] == ["beat"] and body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_the_database_check_passes_on_the_test_database(postgres_only):
    assert database_check(connection).ok


def test_the_database_check_reports_a_server_that_does_not_answer_without_raising(postgres_only):
    from django.db.backends.postgresql.base import DatabaseWrapper

    unreachable = DatabaseWrapper({**connection.settings_dict, "PORT": str(free_port())}, alias="probe")
    result = database_check(unreachable)
    assert not result.ok and result.detail == "OperationalError"


def test_the_broker_check_pings_redis(redis_url):
    assert broker_check(redis_url, transport_options={}).ok


def test_the_broker_check_fails_on_a_closed_port_without_naming_the_url():
    url = f"redis://:secret-password@127.0.0.1:{free_port()}/0"
    result = broker_check(url, transport_options={}, timeout=1)
    assert not result.ok and "secret" not in result.detail and "127.0.0.1" not in result.detail


def test_the_filesystem_broker_is_ready_when_its_folders_exist(tmp_path):
    options = {"data_folder_in": str(tmp_path / "in"), "data_folder_out": str(tmp_path / "in")}
    assert not broker_check("filesystem://", transport_options=options).ok
    (tmp_path / "in").mkdir()
    assert broker_check("filesystem://", transport_options=options).ok


def test_the_storage_check_accepts_a_media_folder_django_will_create(tmp_path):
    assert storage_check(FileSystemStorage(location=tmp_path / "media" / "not-yet")).ok


def test_the_storage_check_fails_when_the_media_path_is_a_file(tmp_path):
    blocker = tmp_path / "media"
    blocker.write_text("not a folder")
    assert not storage_check(FileSystemStorage(location=blocker)).ok
