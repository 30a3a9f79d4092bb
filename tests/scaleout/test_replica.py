"""The read replica, against a real streaming standby: a primary cluster and a hot standby
made by pg_basebackup, both started by the test on their own ports. The managers' reports
read what the standby has replayed; nothing can be written through it; the portal's own
writes and reads stay on default."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, InternalError, connections
from django.urls import reverse

from accounts.roles import MANAGERS
from cases.models import Case, Message
from kundcenter.db_router import REPLICA_DB_ALIAS
from reports.selectors import ReportFilter, category_volumes, report_database, target_counts
from tests.factories import StaffFactory, register_case
from tests.pg_cluster import Cluster, cluster_create, database_url, standby_create, wait_replayed

PRIMARY = "primary"  # the standby's primary, for the test to change rows on
# Committed rows, so the primary can be made from a dump of the test database.
pytestmark = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, PRIMARY, REPLICA_DB_ALIAS])

FEB = dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)
YEAR = ReportFilter(start=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                    end=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))


def _alias_add(alias: str, url: str) -> None:
    """``alias`` as DATABASE_REPLICA_URL configures the replica, a test mirror included."""
    parsed = {**dj_database_url.parse(url), "TEST": {"MIRROR": DEFAULT_DB_ALIAS}}
    databases = connections.configure_settings(
        {DEFAULT_DB_ALIAS: settings.DATABASES[DEFAULT_DB_ALIAS], alias: parsed})
    settings.DATABASES[alias] = databases[alias]  # the same dict as connections.settings


def _alias_remove(alias: str) -> None:
    if alias in settings.DATABASES:
        connections[alias].close()
        del connections[alias]
        del settings.DATABASES[alias]


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[Cluster, Cluster]]:
    """A primary and its hot standby, as the primary and replica aliases. Module scope: set
    up before the test's database set-up checks which aliases a test may use."""
    # Not tmp_path: the postgres user must reach the data directories, and pytest's are 0700.
    parent = Path(tempfile.mkdtemp(prefix="kc-pg-"))
    parent.chmod(0o755)
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, parent, ignore_errors=True)
        primary = cluster_create(parent / "primary")
        stack.callback(primary.stop, "immediate")
        standby = standby_create(primary, parent / "standby")
        stack.callback(standby.stop, "immediate")
        for alias, cluster in ((PRIMARY, primary), (REPLICA_DB_ALIAS, standby)):
            _alias_add(alias, cluster.url("kundcenter"))
            stack.callback(_alias_remove, alias)
        yield primary, standby


@pytest.fixture
def streaming_pair(clusters, postgres_only):
    """Call it once the test's rows are committed: the primary gets a copy of the test
    database as it is then, and the standby has replayed it."""
    primary, standby = clusters

    def close() -> None:
        for alias in (PRIMARY, REPLICA_DB_ALIAS):
            connections[alias].close()

    def copy() -> tuple[Cluster, Cluster]:
        close()
        primary.psql("DROP DATABASE IF EXISTS kundcenter WITH (FORCE)")
        primary.psql("CREATE DATABASE kundcenter")
        test_database = database_url(connections[DEFAULT_DB_ALIAS].settings_dict)
        tool = primary.bin_dir
        dump = subprocess.run([str(tool / "pg_dump"), "-Fc", "--no-owner", "--no-acl", test_database],
                              check=True, capture_output=True, timeout=120).stdout
        subprocess.run([str(tool / "pg_restore"), "--no-owner", "--no-acl", "--exit-on-error",
                        "-d", primary.url("kundcenter")], input=dump, check=True,
                       capture_output=True, timeout=120)
        wait_replayed(primary, standby)
        return primary, standby

    yield copy
    close()


def test_reports_read_what_the_standby_replayed_and_the_portal_stays_on_default(streaming_pair, client):
    case = register_case(now=FEB)  # a bug whose start target nobody met: open-breached
    manager = StaffFactory()
    manager.groups.add(Group.objects.get(name=MANAGERS))
    primary, standby = streaming_pair()
    assert report_database() == REPLICA_DB_ALIAS

    # Work starts on the primary only; the default database still says it never did.
    started = case.start_deadline - dt.timedelta(hours=1)
    Case.objects.using(PRIMARY).filter(pk=case.pk).update(work_started_at=started)
    wait_replayed(primary, standby)

    counts = target_counts(YEAR, now=NOW)
    assert (counts.total, counts.achieved, counts.open_breached) == (1, 1, 0)
    bugs = next(volume for volume in category_volumes(YEAR, now=NOW) if volume.category == "bug")
    assert bugs.registered == 1
    assert Case.objects.get(pk=case.pk).work_started_at is None  # what default holds

    # The whole report page reads the replica: the case no longer waits there.
    client.force_login(manager)
    page = client.get(reverse("reports:sla"), {"start": "2026-01-01", "end": "2026-12-31"})
    assert page.status_code == 200
    breached_now = page.content.decode().split('id="breached-now"')[1].split("</ul>")[0]
    assert case.number not in breached_now


def test_nothing_is_written_through_the_replica_and_the_portal_writes_to_default(streaming_pair,
                                                                                   client):
    case = register_case(now=FEB)
    streaming_pair()

    with pytest.raises(InternalError, match="read-only"):
        Case.objects.using(REPLICA_DB_ALIAS).filter(pk=case.pk).update(subject="Changed")
    # A row read from the replica and saved is written to default, not refused.
    on_replica = Case.objects.using(REPLICA_DB_ALIAS).get(pk=case.pk)
    on_replica.subject = "Invoices print blank"
    on_replica.save(update_fields=["subject"])
    assert Case.objects.get(pk=case.pk).subject == "Invoices print blank"

    # A reply through the portal is saved (the standby would refuse it) and is on the very
    # next page: the portal reads its own writes from default.
    client.force_login(case.reporter)
    response = client.post(reverse("cases:case_reply", args=[case.number]),
                           {"body": "Still failing after the update"}, follow=True)
    assert response.status_code == 200
    assert "Still failing after the update" in response.content.decode()
    assert Message.objects.filter(case=case, body="Still failing after the update").exists()
