"""A person's data to take away: the JSON document (privacy.export), and as a zip the same
document with every file it lists. One builder for the person's own download and for staff
answering a request on the person's behalf.

Only files the person's own document lists go in, and each is looked up again among the
person's own rows (ModelRule.rows_of) by the stored name the document gives: a name that is
not one of theirs is left out, whatever the document says."""

from __future__ import annotations

import json
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import FileField, Model
from django.db.models.fields.files import FieldFile

from .registry import rule_for

DOCUMENT_NAME = "personal-data.json"
# Kept in memory up to this size, on disk beyond (attachments may be megabytes each).
SPOOL_MAX_MEMORY = 8 * 1024 * 1024
CHUNK = 1 << 16


def document_json(document: dict[str, Any]) -> str:
    """The document as the person downloads it: UTF-8 text (not \\u escapes), indented."""
    return json.dumps(document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)


def _safe_name(name: str) -> str:
    """A file name that cannot climb out of its folder in the zip nor hide in it."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    return name.strip().lstrip(".") or "file"


def _archive_path(label: str, row: Model, field: FileField, file: FieldFile) -> str:
    stored = PurePosixPath(file.name).name
    if label == "cases.attachment":
        return f"attachments/{row.pk}-{_safe_name(getattr(row, 'original_name', '') or stored)}"
    return f"files/{label}/{row.pk}-{field.name}-{_safe_name(stored)}"


def listed_files(*, person: Model, document: dict[str, Any]) -> Iterator[tuple[str, FieldFile]]:
    """(path in the zip, stored file) of every file in ``document`` that is the person's."""
    for label, section in document.get("sections", {}).items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        rule = rule_for(model)
        if rule is None:
            continue
        for row_document in section.get("rows", []):
            for name, facts in row_document.items():
                if not isinstance(facts, dict) or not facts.get("sha256"):
                    continue  # not a file, or one already gone from storage
                try:
                    field = model._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                if not isinstance(field, FileField):
                    continue
                row = rule.rows_of(person).filter(**{name: facts["stored_name"]}).first()
                if row is None:
                    continue
                yield _archive_path(label, row, field, getattr(row, name)), getattr(row, name)


def person_archive(*, person: Model, document: dict[str, Any]) -> tempfile.SpooledTemporaryFile:
    """A zip of ``document`` (``personal-data.json``) and the files it lists, rewound; the
    caller hands it to a FileResponse, which closes it."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_MEMORY)
    try:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(DOCUMENT_NAME, document_json(document))
            written: set[str] = set()
            for path, file in listed_files(person=person, document=document):
                if path in written:
                    continue
                written.add(path)
                try:
                    source = file.open("rb")
                except (FileNotFoundError, OSError):
                    continue  # gone between the document and now: the document says so
                with source, archive.open(path, "w", force_zip64=True) as target:
                    shutil.copyfileobj(source, target, CHUNK)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool
