"""A person's data as one JSON document (schema ``kundcenter.personal-data``, version 1;
docs/personal-data-export.md), built from the declarations in every app's privacy.py — the
overview page shows the same document, so what a person sees is what they can take away."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import FileField, ForeignKey, Model

from .registry import ModelRule, rules

SCHEMA = "kundcenter.personal-data"
SCHEMA_VERSION = 1


def _value(row: Model, field) -> Any:
    if isinstance(field, ForeignKey):
        return getattr(row, field.attname)
    value = getattr(row, field.attname)
    if isinstance(field, FileField):
        return file_facts(value) if value else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def file_facts(file) -> dict[str, Any]:
    """Name, size and SHA-256 of a stored file (None values when it is gone from storage)."""
    digest, size = hashlib.sha256(), 0
    try:
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
                size += len(chunk)
    except (FileNotFoundError, OSError, ValueError):
        return {"stored_name": file.name, "size": None, "sha256": None}
    return {"stored_name": file.name, "size": size, "sha256": digest.hexdigest()}


def rows_document(rule: ModelRule, person: Model) -> list[dict[str, Any]]:
    exported = [field for field in rule.model._meta.concrete_fields
                if rule.fields.get(field.name) is not None and rule.fields[field.name].export]
    return [{field.name: _value(row, field) for field in exported}
            for row in rule.rows_of(person).order_by("pk")]


def person_export(*, person: Model, now: datetime) -> dict[str, Any]:
    """Everything the portal holds about ``person``, section by model."""
    sections = {}
    for rule in sorted(rules(), key=lambda rule: rule.label):
        if not rule.exported:
            continue
        rows = rows_document(rule, person)
        if rows:
            sections[rule.label] = {"title": str(rule.model._meta.verbose_name_plural),
                                    "rows": rows}
    return {"schema": SCHEMA, "version": SCHEMA_VERSION, "exported_at": now.isoformat(),
            "person_id": person.pk, "sections": sections}
