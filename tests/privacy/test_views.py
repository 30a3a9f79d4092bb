"""/privacy/: a person sees, downloads and asks to erase their own data -- never a colleague's
or another customer's -- staff see any person's, and every opening and download is logged."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from cases.models import Attachment
from customers.models import Licence
from privacy.export_zip import _safe_name
from privacy.models import ErasureRequest
from tests.factories import StaffFactory, make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db

STAFF_IP = "203.0.113.9"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def person():
    return make_superuser(first_name="Anna", last_name="Lind", email="anna.lind@example.com",
                          phone="+46 70 111 22 33")


@pytest.fixture
def case(person):
    return register_case(reporter=person, subject="Anna's invoices do not print",
                         attachments=[SimpleUploadedFile("notes.txt", b"hello")])


@pytest.fixture
def colleague(person):
    """A SuperUser of the same customer (another seat on the same licence)."""
    user = make_superuser(licence=Licence.objects.get(customer=person.customer),
                          first_name="Bertil", last_name="Berg", email="bertil.berg@example.com",
                          phone="+46 70 999 88 77")
    assert user.customer_id == person.customer_id
    return user


@pytest.fixture
def colleague_case(colleague):
    return register_case(reporter=colleague, subject="Bertil's secret payroll problem",
                         attachments=[SimpleUploadedFile("bertil-secret.txt", b"bertil only")])


@pytest.fixture
def stranger():
    """A SuperUser of another customer."""
    return make_superuser(first_name="Cecilia", last_name="Ceder", email="cecilia@example.org")


@pytest.fixture
def stranger_case(stranger):
    return register_case(reporter=stranger, subject="Cecilia's customer's own case")


@pytest.fixture
def specialist():
    return make_specialist(first_name="Karin", last_name="Ström", email="karin@kundcenter.example")


def _entries(action: str, **filters):
    return list(AuditEntry.objects.filter(action=action, **filters))


def test_the_overview_shows_the_persons_own_case_and_profile_and_no_one_elses(
        client, person, case, colleague_case, stranger_case):
    client.force_login(person)
    response = client.get(reverse("privacy:overview"))
    assert response.status_code == 200
    page = response.content.decode()
    assert case.number in page
    assert "Anna&#x27;s invoices do not print" in page
    assert "anna.lind@example.com" in page and "+46 70 111 22 33" in page
    assert "notes.txt" in page
    for other in (colleague_case, stranger_case):
        assert other.number not in page
    for foreign in ("Bertil", "bertil.berg@example.com", "+46 70 999 88 77", "bertil-secret.txt",
                    "Cecilia", "cecilia@example.org"):
        assert foreign not in page
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_the_overview_names_its_sections_and_columns_and_offers_the_downloads(client, person, case):
    client.force_login(person)
    page = client.get(reverse("privacy:overview")).content.decode()
    assert 'id="privacy-section-cases-case"' in page
    assert 'id="privacy-section-accounts-user"' in page
    assert re.search(r'<th scope="row"[^>]*>Email address</th>', page)
    assert f'href="{reverse("privacy:export_json")}"' in page
    assert f'href="{reverse("privacy:export_zip")}"' in page
    assert f'action="{reverse("privacy:erasure_request")}"' in page


def test_the_nav_links_to_the_overview(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("privacy:overview")}" id="nav-my-data"' in page


def test_opening_the_overview_is_logged_as_processing_of_the_persons_data(client, person):
    client.force_login(person)
    client.get(reverse("privacy:overview"), REMOTE_ADDR="198.51.100.7")
    [entry] = _entries("privacy.overview")
    assert entry.actor == person and entry.person_id == person.pk
    assert entry.actor_role == AuditEntry.Role.CUSTOMER
    assert entry.customer_id == person.customer_id
    assert entry.ip_address == "198.51.100.7"


def test_the_log_shows_staff_by_number_and_no_one_elses_address(client, person, specialist):
    client.force_login(specialist)
    assert client.get(reverse("privacy:person_overview", args=[person.pk]),
                      REMOTE_ADDR=STAFF_IP).status_code == 200
    client.force_login(person)
    response = client.get(reverse("privacy:overview"), REMOTE_ADDR="198.51.100.7")
    page = response.content.decode()
    assert f"Customer Centre staff member #{specialist.pk}" in page
    assert "Karin" not in page and "karin@kundcenter.example" not in page
    assert STAFF_IP not in page
    # The person's own opening, with their own address.
    assert "198.51.100.7" in page
    assert page.count('data-action="privacy.overview"') == 4  # two entries, table and cards


def test_the_log_is_paginated_newest_first(client, person):
    from audit.services import audit_record

    for number in range(55):
        audit_record(actor=None, action=f"test.step{number:02d}", person_id=person.pk)
    client.force_login(person)
    first = client.get(reverse("privacy:overview")).content.decode()
    assert 'data-action="privacy.overview"' in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("privacy:overview") + "?page=2").content.decode()
    assert "test.step00" in second and "test.step00" not in first


def test_export_json_is_the_persons_document_as_a_download(client, person, case, colleague_case):
    client.force_login(person)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="personal-data-{day}.json"'
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    text = response.content.decode("utf-8")
    assert "Anna's invoices" in text and "\\u" not in text  # UTF-8, not escapes
    document = json.loads(text)
    assert document["schema"] == "kundcenter.personal-data" and document["version"] == 1
    assert document["person_id"] == person.pk
    numbers = [row["number"] for row in document["sections"]["cases.case"]["rows"]]
    assert numbers == [case.number]
    assert colleague_case.number not in text
    [entry] = _entries("privacy.export")
    assert entry.actor == person and entry.person_id == person.pk
    assert entry.details == {"format": "json"}


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_export_zip_holds_the_document_and_the_persons_attachments_only(
        client, person, case, colleague_case):
    client.force_login(person)
    response = client.get(reverse("privacy:export_zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    archive = _zip(response)
    attachment = Attachment.objects.get(case=case)
    assert sorted(archive.namelist()) == [f"attachments/{attachment.pk}-notes.txt",
                                          "personal-data.json"]
    content = archive.read(f"attachments/{attachment.pk}-notes.txt")
    assert content == b"hello"
    document = json.loads(archive.read("personal-data.json"))
    [row] = document["sections"]["cases.attachment"]["rows"]
    assert row["file"]["sha256"] == hashlib.sha256(content).hexdigest()
    assert row["file"]["size"] == len(content)
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"bertil only" not in everything and colleague_case.number.encode() not in everything
    [entry] = _entries("privacy.export")
    assert entry.actor == person and entry.person_id == person.pk
    assert entry.details == {"format": "zip"}


def test_the_zip_takes_only_files_among_the_persons_own_rows(person, case, colleague_case):
    """A document naming a colleague's stored file (however it came to) gets no file."""
    from privacy.export_zip import listed_files

    theirs = Attachment.objects.get(case=colleague_case)
    document = {"sections": {"cases.attachment": {"title": "attachments", "rows": [
        {"id": theirs.pk, "file": {"stored_name": theirs.file.name, "size": 11, "sha256": "x"}}]}}}
    assert list(listed_files(person=person, document=document)) == []


def test_file_names_in_the_zip_stay_in_their_folder():
    assert _safe_name("../../etc/passwd") == "passwd"
    assert _safe_name("..\\..\\boot.ini") == "boot.ini"
    assert _safe_name("..") == "file"
    assert _safe_name("räkning\x00.pdf") == "räkning.pdf"


def test_staff_with_view_user_see_and_download_any_persons_data(client, person, case, specialist):
    assert specialist.has_perm("accounts.view_user")
    client.force_login(specialist)
    response = client.get(reverse("privacy:person_overview", args=[person.pk]),
                          REMOTE_ADDR=STAFF_IP)
    assert response.status_code == 200
    page = response.content.decode()
    assert case.number in page and "anna.lind@example.com" in page
    # The erasure form is the person's own; staff see whether one is pending.
    assert 'id="privacy-erasure-form"' not in page
    [entry] = _entries("privacy.overview")
    assert entry.actor == specialist and entry.person_id == person.pk
    assert entry.actor_role == AuditEntry.Role.STAFF and entry.ip_address == STAFF_IP

    exported = client.get(reverse("privacy:person_export_json", args=[person.pk]))
    assert exported.status_code == 200
    assert json.loads(exported.content)["person_id"] == person.pk
    archive = _zip(client.get(reverse("privacy:person_export_zip", args=[person.pk])))
    assert "personal-data.json" in archive.namelist()
    exports = AuditEntry.objects.filter(action="privacy.export").order_by("pk")
    assert [(e.actor_id, e.person_id, e.details["format"]) for e in exports] == [
        (specialist.pk, person.pk, "json"), (specialist.pk, person.pk, "zip")]


@pytest.mark.parametrize("name", ["person_overview", "person_export_json", "person_export_zip"])
def test_a_superuser_gets_not_found_for_someone_elses_data(client, person, colleague, name):
    client.force_login(person)
    assert client.get(reverse(f"privacy:{name}", args=[colleague.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()


def test_staff_without_view_user_are_refused(client, person):
    client.force_login(StaffFactory())
    assert client.get(reverse("privacy:person_overview", args=[person.pk])).status_code == 403


def test_staff_get_not_found_for_a_person_who_does_not_exist(client, specialist):
    client.force_login(specialist)
    assert client.get(reverse("privacy:person_overview", args=[999_999])).status_code == 404


def test_asking_for_erasure_twice_keeps_one_pending_request(client, person):
    client.force_login(person)
    url = reverse("privacy:erasure_request")
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("privacy:overview"), 302)]
    assert "We have your request to be erased." in response.content.decode()
    client.post(url)
    [request] = ErasureRequest.objects.all()
    assert request.person == person and request.status == ErasureRequest.Status.PENDING
    assert len(_entries("privacy.erasure_request", person_id=person.pk)) == 1
    page = client.get(reverse("privacy:overview")).content.decode()
    assert 'id="privacy-erasure-pending"' in page and 'id="privacy-erasure-form"' not in page


def test_erasure_is_asked_for_by_post_only(client, person):
    client.force_login(person)
    assert client.get(reverse("privacy:erasure_request")).status_code == 405
    assert not ErasureRequest.objects.exists()


@pytest.mark.parametrize("name", ["overview", "export_json", "export_zip"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(f"privacy:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_erasure_request_is_sent_to_log_in(client):
    response = client.post(reverse("privacy:erasure_request"))
    assert response.status_code == 302 and not ErasureRequest.objects.exists()
