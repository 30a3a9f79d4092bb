"""Incident tracing: everyone whose data one account read or changed in a period, with
contact details, on a staff page, as CSV and from the command line; the tracing is logged."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEntry
from privacy.incidents import persons_processed_by
from tests.factories import make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db
DAY = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def incident(client):
    suspect = make_specialist(email="suspect@kundcenter.example", is_superuser=True)
    honest = make_specialist(email="honest@kundcenter.example", is_superuser=True)
    eva = make_superuser(email="eva.ek@elektronord.example", first_name="Eva", phone="+46 8 1")
    liisa = make_superuser(email="liisa.koski@kuljetus.example", first_name="Liisa")
    untouched = make_superuser(email="bo.berg@byggab.example")
    cases = {person: register_case(reporter=person) for person in (eva, liisa, untouched)}
    client.force_login(suspect)
    for person, moment in ((eva, DAY), (liisa, DAY + dt.timedelta(hours=1)),
                           (eva, DAY + dt.timedelta(hours=2)),
                           (untouched, DAY + dt.timedelta(days=5))):
        with time_machine.travel(moment, tick=False):
            assert client.get(reverse("admin:cases_case_change",
                                      args=[cases[person].pk])).status_code == 200
    client.force_login(honest)
    client.get(reverse("admin:cases_case_change", args=[cases[untouched].pk]))
    return {"suspect": suspect, "eva": eva, "liisa": liisa, "untouched": untouched}


def test_the_trace_lists_each_person_the_account_processed_in_the_period(incident):
    traced = persons_processed_by(actor=incident["suspect"], start=DAY,
                                  end=DAY + dt.timedelta(days=1))
    assert [(t.email, t.entries) for t in traced] == [("eva.ek@elektronord.example", 2),
                                                      ("liisa.koski@kuljetus.example", 1)]
    assert traced[0].phone == "+46 8 1" and traced[0].actions == ("case.view",)
    assert traced[0].first_at == DAY and traced[0].last_at == DAY + dt.timedelta(hours=2)


def test_the_staff_page_shows_and_exports_the_trace_and_logs_it(client, incident):
    client.force_login(make_specialist(is_superuser=True))
    url = reverse("admin:privacy_incident_trace")
    query = {"actor": "suspect@kundcenter.example", "since": "2026-03-10", "until": "2026-03-10"}
    page = client.get(url, query).content.decode()
    assert "eva.ek@elektronord.example" in page and "liisa.koski@kuljetus.example" in page
    assert "bo.berg@byggab.example" not in page
    csv = client.get(url, {**query, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 3 and "eva.ek@elektronord.example" in lines[1]
    assert AuditEntry.objects.filter(action="privacy.incident_trace").count() == 2
    assert client.get(url, {**query, "until": "2026-03-01"}).context["form"].errors


def test_a_specialist_without_log_access_cannot_trace(client, incident):
    client.force_login(make_specialist())
    assert client.get(reverse("admin:privacy_incident_trace")).status_code in (302, 403)


def test_the_command_prints_the_trace_as_csv(incident):
    out = StringIO()
    call_command("privacy_incident_trace", "--actor", "suspect@kundcenter.example",
                 "--since", "2026-03-10", "--until", "2026-03-15", stdout=out, stderr=StringIO())
    rows = out.getvalue().strip().splitlines()
    assert rows[0].startswith("person id;name;email")
    assert {row.split(";")[2] for row in rows[1:]} == {
        "eva.ek@elektronord.example", "liisa.koski@kuljetus.example", "bo.berg@byggab.example"}
