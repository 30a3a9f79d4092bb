"""A calendar change recomputes every open bug's deadlines while specialists keep working:
a level change committed meanwhile must survive (PostgreSQL, two real connections)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from cases import services
from cases.sla import sla_deadlines
from sla.services import calendar_table_get
from tests.factories import WEDNESDAY_MORNING, StaffFactory, register_case

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(target, name: str, errors: list) -> threading.Thread:
    def run():
        try:
            target()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    return threading.Thread(target=run, name=name)


def test_recompute_never_overwrites_a_level_change_made_meanwhile(postgres_only, monkeypatch):
    case = register_case(service_level=5, now=WEDNESDAY_MORNING)
    staff = StaffFactory()
    recompute_has_read = threading.Event()
    apply_sla = services._apply_sla

    def slow_in_recompute(target_case):
        # The recompute has read the case; give the level change time to commit now.
        if threading.current_thread().name == "recompute" and not recompute_has_read.is_set():
            recompute_has_read.set()
            time.sleep(1.5)
        apply_sla(target_case)

    monkeypatch.setattr(services, "_apply_sla", slow_in_recompute)
    errors: list = []
    recompute = _in_thread(lambda: services.case_deadlines_recompute_for_office(office="SE"),
                           "recompute", errors)

    def relevel():
        assert recompute_has_read.wait(10)
        services.case_level_change(case=case, by=staff, level=1, reason="Production down",
                                   now=WEDNESDAY_MORNING)

    level_change = _in_thread(relevel, "level-change", errors)
    recompute.start()
    level_change.start()
    recompute.join(30)
    level_change.join(30)
    assert errors == []
    case.refresh_from_db()
    expected = sla_deadlines(calendar_table_get("SE"), registered_at=case.registered_at, level=1)
    assert case.service_level == 1
    assert (case.start_deadline, case.start_at_risk_from, case.resolution_goal) == (
        expected.start_deadline, expected.start_at_risk_from, expected.resolution_goal)
