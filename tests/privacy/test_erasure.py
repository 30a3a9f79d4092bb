"""Erasure: a person who reported cases, wrote messages, uploaded files, granted support
logins, got and caused mail and appears in the log is erased; afterwards a full dump of the
database holds neither their name, nor their email address, nor their phone, their files are
gone from storage — and the customer's case list and the SLA report figures are unchanged."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from audit.services import audit_record
from cases import services as case_services
from cases.models import Attachment, Case
from cases.workflows import Category
from mailintake.services import mail_receive
from privacy.models import ErasureRequest
from privacy.services import erasure_request, person_erase
from reports.selectors import ReportFilter, breakdown, category_volumes, resolution_counts, target_counts
from tests.factories import (
    WEDNESDAY_MORNING,
    deliver_case,
    make_specialist,
    make_superuser,
    register_case,
)
from tests.factories.support_logins import grant_support_login

pytestmark = pytest.mark.django_db

NAME = ("Annabella", "Lindqvist-Öberg")
EMAIL = "annabella.lindqvist@elektronord.example"
PHONE = "+46 70 123 45 67"
T = WEDNESDAY_MORNING


def _dump() -> str:
    """Every row of every table as text: what a database dump would contain."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            parts += [" ".join(str(value) for value in row) for row in cursor.fetchall()]
    return "\n".join(parts)


def _traces(text: str) -> list[str]:
    wanted = [EMAIL, NAME[0], NAME[1], PHONE, re.sub(r"\D", "", PHONE)]
    lowered = text.lower()
    return [needle for needle in wanted if needle.lower() in lowered]


def _case_list(customer_id: int) -> list[tuple]:
    return list(Case.objects.filter(customer_id=customer_id).order_by("number").values_list(
        "number", "category", "state", "service_level", "registered_at", "start_deadline",
        "work_started_at", "start_open_seconds", "resolved_at", "closed_at", "module_id",
        "team", "office"))


def _figures(now: dt.datetime) -> tuple:
    report = ReportFilter(start=T - dt.timedelta(days=30), end=T + dt.timedelta(days=30))
    return (target_counts(report, now=now), breakdown(report, now=now),
            resolution_counts(report, now=now), category_volumes(report, now=now))


@pytest.fixture
def world(client):
    person = make_superuser(email=EMAIL, first_name=NAME[0], last_name=NAME[1], phone=PHONE,
                            language="sv")
    specialist = make_specialist(first_name="Sara", last_name="Ek")
    bug = register_case(reporter=person, subject=f"Fakturan skrivs inte ut — {NAME[0]}",
                        description=f"Ring mig på {PHONE}. /{NAME[0]} {NAME[1]}",
                        attachments=[SimpleUploadedFile("skärmbild.txt", b"my screen")], now=T)
    support = register_case(reporter=person, category=Category.SUPPORT_QUESTION, now=T)
    case_services.case_message_add(case=bug, by=person, body=f"Hälsningar {NAME[0]}",
                                   attachments=[SimpleUploadedFile("logg.txt", b"log")],
                                   now=T + dt.timedelta(minutes=5))
    case_services.case_message_add(case=bug, by=specialist, body=f"Hej {NAME[0]}, prova igen.",
                                   now=T + dt.timedelta(minutes=30))
    grant_support_login(case=bug, by=person, reason=f"{NAME[0]} is away", now=T)
    deliver_case(support, now=T + dt.timedelta(hours=2), by=specialist)
    support.refresh_from_db()
    case_services.case_rating_give(case=support, by=person, solved=True, score=5,
                                   comment=f"Tack! /{NAME[0]}", now=T + dt.timedelta(hours=3))
    raw = (f"From: {NAME[0]} {NAME[1]} <{EMAIL}>\nTo: support@kundcenter.example\n"
           f"Subject: Fråga från {NAME[0]}\nMessage-ID: <q1@elektronord.example>\n\n"
           f"Hej, {PHONE}\n").encode()
    mail_receive(raw=raw, office="SE", now=T + dt.timedelta(hours=4))
    audit_record(actor=specialist, action="case.view", subject=bug, ip_address="10.0.0.9")
    LogEntry.objects.create(user=specialist, content_type=ContentType.objects.get_for_model(User),
                            object_id=str(person.pk), object_repr=str(person),
                            action_flag=CHANGE, change_message=f"Changed phone for {NAME[1]}")
    client.post(reverse("accounts:login"), {"username": EMAIL, "password": "wrong"})
    client.force_login(person)  # a session row that names the person
    return {"person": person, "specialist": specialist, "bug": bug, "support": support,
            "licence": person.seats.get().licence}


def test_the_world_really_holds_the_person_before(world):
    # Else the erasure test below would prove nothing.
    assert set(_traces(_dump())) >= {EMAIL, NAME[0], NAME[1], PHONE}
    assert AccessAttempt.objects.filter(username=EMAIL).exists()


def test_an_erased_person_is_gone_from_the_whole_database_while_cases_and_figures_stay(
        world, django_capture_on_commit_callbacks):
    person, specialist = world["person"], world["specialist"]
    customer_id = person.customer_id
    files = list(Attachment.objects.filter(uploaded_by=person).values_list("file", flat=True))
    assert files and all(default_storage.exists(name) for name in files)
    now = T + dt.timedelta(days=1)
    before_cases, before_figures = _case_list(customer_id), _figures(now)

    with django_capture_on_commit_callbacks(execute=True):  # files go after commit
        done = person_erase(person=person, by=specialist, now=now)

    assert done.status == ErasureRequest.Status.DONE
    leftovers = [line for line in _dump().splitlines() if _traces(line)]
    assert leftovers == [], "\n".join(leftovers)
    assert not any(default_storage.exists(name) for name in files)
    assert _case_list(customer_id) == before_cases
    assert _figures(now) == before_figures
    erased = User.objects.get(pk=person.pk)
    assert not erased.is_active and not erased.has_usable_password()
    # The cases still read well, for a colleague in the portal and for staff in admin.
    colleague = make_superuser(licence=world["licence"])
    viewer = Client()
    viewer.force_login(colleague)
    for case in (world["bug"], world["support"]):
        page = viewer.get(reverse("cases:case_detail", args=[case.number]))
        assert page.status_code == 200 and case.number in page.content.decode()
    desk = Client()
    desk.force_login(make_specialist(is_superuser=True))
    assert desk.get(reverse("admin:cases_case_change", args=[world["bug"].pk])).status_code == 200
    # The log still says who processed whose data: by reference, to the anonymised account.
    assert AuditEntry.objects.filter(person_id=person.pk, action="privacy.erase").exists()
    assert AuditEntry.objects.filter(person_id=person.pk, action="case.view").exists()


def test_erasure_is_once_and_a_request_is_confirmed_by_it(world):
    person, specialist = world["person"], world["specialist"]
    request = erasure_request(person=person, now=T)
    assert erasure_request(person=person, now=T).pk == request.pk  # asking twice: one request
    done = person_erase(person=person, by=specialist, now=T + dt.timedelta(hours=1))
    assert done.pk == request.pk and done.requested_by_person
    with pytest.raises(ValidationError):
        person_erase(person=person, by=specialist, now=T + dt.timedelta(hours=2))


def test_a_billed_order_within_the_bookkeeping_period_keeps_its_texts_and_is_listed(settings):
    from tests.factories.support_logins import order_with_accepted_estimate

    settings.PRIVACY_BOOKKEEPING_RETENTION_YEARS = 7
    person = make_superuser(email="olle.order@elektronord.example", first_name="Olle")
    order = order_with_accepted_estimate(reporter=person)
    order.refresh_from_db()
    done = person_erase(person=person, by=make_specialist(), now=T + dt.timedelta(days=30))
    held = [item for item in done.result["held"] if item["model"] == "cases.case"]
    assert held == [{"model": "cases.case", "id": str(order.pk),
                     "reason": held[0]["reason"]}] and held[0]["reason"]
    order.refresh_from_db()
    assert order.subject != "[erased]"
    assert User.objects.get(pk=person.pk).email != "olle.order@elektronord.example"
