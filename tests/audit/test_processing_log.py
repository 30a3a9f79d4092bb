"""The processing log is append-only — admin, services, the ORM and (on PostgreSQL) raw SQL
cannot change or delete an entry — and it keeps references, not copies of personal data."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from audit.models import AuditEntry, AuditLogIsAppendOnly
from audit.services import audit_record
from tests.factories import make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    reporter = make_superuser(email="anna.lind@elektronord.example", first_name="Anna",
                              last_name="Lind")
    case = register_case(reporter=reporter)
    specialist = make_specialist()
    return audit_record(actor=specialist, action="case.view", subject=case,
                        customer_id=case.customer_id, ip_address="10.1.2.3")


def test_an_entry_names_actor_role_object_and_whose_data_by_reference(entry):
    assert entry.actor_role == "staff"
    assert entry.subject_type == "cases.case"
    assert entry.person.email == "anna.lind@elektronord.example"  # the reporter, derived
    stored = " ".join(str(value) for value in AuditEntry.objects.filter(pk=entry.pk)
                      .values_list().get())
    assert "anna.lind" not in stored and "Lind" not in stored


@pytest.mark.parametrize("attempt", [
    lambda e: e.save(),
    lambda e: e.delete(),
    lambda e: AuditEntry.objects.filter(pk=e.pk).update(action="x"),
    lambda e: AuditEntry.objects.filter(pk=e.pk).delete(),
    lambda e: AuditEntry.objects.all().delete(),
    lambda e: AuditEntry.objects.bulk_update([e], ["action"]),
])
def test_the_orm_cannot_change_or_delete_an_entry(entry, attempt):
    with pytest.raises(AuditLogIsAppendOnly):
        attempt(entry)
    assert AuditEntry.objects.get(pk=entry.pk).action == "case.view"


def test_postgresql_refuses_raw_update_and_delete(entry, postgres_only):
    table = AuditEntry._meta.db_table
    for sql in (f"UPDATE {table} SET action = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "case.view"


def test_admin_offers_no_change_or_delete_and_filters_by_person_and_actor(admin_client, entry):
    change = admin_client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert change.status_code == 200 and b'name="_save"' not in change.content
    assert admin_client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk])
                             ).status_code == 403
    changelist = reverse("admin:audit_auditentry_changelist")
    by_person = admin_client.get(changelist, {"person__id__exact": entry.person_id})
    listed = list(by_person.context["cl"].queryset)
    assert entry in listed and {e.person_id for e in listed} == {entry.person_id}
    by_actor = admin_client.get(changelist, {"actor__id__exact": entry.actor_id + 10_000})
    assert by_actor.context["cl"].result_count == 0
