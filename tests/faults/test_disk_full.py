"""The attachment disk is full (a 256 KiB tmpfs as MEDIA_ROOT): the form comes back with a
message saying what happened and what was not saved, and neither a partly written file nor
an attachment row without its file is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Attachment, Case, Message
from cases.uploads import STORAGE_FULL_CASE, STORAGE_FULL_REPLY
from tests.factories import make_superuser, register_case

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n"


def _picture(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG + b"\x00" * (size - len(PNG)), content_type="image/png")


def _files_in(directory: Path) -> list[Path]:
    return [path for path in directory.rglob("*") if path.is_file()]


@pytest.fixture
def full_disk(small_disk: Path, settings) -> Path:
    settings.MEDIA_ROOT = small_disk
    return small_disk


def test_a_case_whose_file_does_not_fit_is_not_registered_and_leaves_no_file(client, full_disk):
    reporter = make_superuser(language="en")
    client.force_login(reporter)
    response = client.post(reverse("cases:case_create"), {
        "module": reporter.trainings.first().module.pk, "category": "bug", "service_level": "2",
        "subject": "Payroll export fails", "description": "Error 500 on export.",
        # The first fits and is written; the second fills the disk half-way through.
        "attachments": [_picture("small.png", 20_000), _picture("export.png", 400_000)]})

    assert response.status_code == 200
    page = response.content.decode()
    assert str(STORAGE_FULL_CASE % {"name": "export.png"}) in page
    assert "Payroll export fails" in page  # the text is still in the form
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert _files_in(full_disk) == []


def test_a_reply_whose_file_does_not_fit_is_not_sent_and_leaves_no_file(client, full_disk):
    reporter = make_superuser(language="en")
    case = register_case(reporter=reporter)
    client.force_login(reporter)
    response = client.post(reverse("cases:case_reply", kwargs={"number": case.number}), {
        "body": "Here is the log you asked for.", "attachments": [_picture("log.png", 400_000)]})

    assert response.status_code == 400
    page = response.content.decode()
    assert str(STORAGE_FULL_REPLY % {"name": "log.png"}) in page
    assert "Here is the log you asked for." in page
    assert not Message.objects.filter(case=case).exists()
    assert not Attachment.objects.exists()
    assert _files_in(full_disk) == []


def test_once_there_is_room_the_same_upload_is_stored_with_its_row(client, small_disk, settings):
    settings.MEDIA_ROOT = small_disk
    reporter = make_superuser(language="en")
    case = register_case(reporter=reporter)
    client.force_login(reporter)
    response = client.post(reverse("cases:case_reply", kwargs={"number": case.number}), {
        "body": "A smaller one.", "attachments": [_picture("log.png", 50_000)]})

    assert response.status_code == 302
    attachment = Attachment.objects.get(case=case)
    assert [path.relative_to(small_disk).as_posix() for path in _files_in(small_disk)] == [
        attachment.file.name]
    assert attachment.file.size == 50_000
