"""Erasing personal data by the declarations (privacy.registry): one engine for a person's
erasure and for retention. Rows that matter to others are anonymised field by field with
queryset updates (no save() side effects: a case keeps its timestamps and SLA figures);
rows that only matter to the person are deleted; stored files go after commit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Model, QuerySet

from .registry import Erase, FieldRule, ModelRule, OnErase

# What free text becomes. Not translated: it is data, read in every language.
ERASED_TEXT = "[erased]"


@dataclass
class Outcome:
    """What an erasure did: rows changed or deleted per model, rows a legal hold kept (with
    the reason), files removed."""

    changed: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    held: list[dict[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"changed": self.changed, "deleted": self.deleted, "held": self.held,
                "files_removed": len(self.files)}


def _constant(model_field: models.Field, erase: Erase):
    """The value ``erase`` puts in a field, when it does not depend on the row."""
    if isinstance(model_field, models.JSONField):
        return {} if not model_field.null else None
    is_text = isinstance(model_field, models.CharField | models.TextField)
    if erase == Erase.NULL or (not is_text and model_field.null):
        return None
    if erase == Erase.REDACT and is_text and not isinstance(model_field, models.EmailField):
        return ERASED_TEXT[: model_field.max_length or None]
    if is_text:
        return ""
    return model_field.get_default()


def _pseudonym(model_field: models.Field, pk: int) -> str:
    if isinstance(model_field, models.EmailField):
        return f"erased-{pk}@erased.invalid"
    return f"erased-{pk}"[: model_field.max_length or None]


def erase_rows(rule: ModelRule, rows: QuerySet, *, outcome: Outcome, now: datetime) -> None:
    """Erase ``rows`` of ``rule.model`` as declared; a legal hold keeps its rows whole."""
    ids = set(rows.values_list("pk", flat=True))
    if not ids:
        return
    if rule.legal_hold is not None:
        held = set(rule.legal_hold(rule.model._default_manager.filter(pk__in=ids), now)
                   .values_list("pk", flat=True))
        outcome.held += [{"model": rule.label, "id": str(pk), "reason": rule.legal_hold_reason}
                         for pk in sorted(held)]
        ids -= held
    if not ids:
        return
    target = rule.model._default_manager.filter(pk__in=ids)
    erasing = {name: field_rule for name, field_rule in rule.fields.items()
               if field_rule.personal and field_rule.erase != Erase.KEEP}
    outcome.files += _stored_files(target, erasing, deleting=rule.on_erase == OnErase.DELETE,
                                   model=rule.model)
    if rule.on_erase == OnErase.DELETE:
        target.delete()
        outcome.deleted[rule.label] = outcome.deleted.get(rule.label, 0) + len(ids)
        return
    if not erasing:
        return
    _anonymise(rule.model, target, erasing)
    outcome.changed[rule.label] = outcome.changed.get(rule.label, 0) + len(ids)


def _stored_files(rows: QuerySet, erasing: dict[str, FieldRule], *, deleting: bool,
                  model: type[Model]) -> list[str]:
    names = []
    for model_field in model._meta.concrete_fields:
        if isinstance(model_field, models.FileField) and (deleting or model_field.name in erasing):
            names += [name for name in rows.values_list(model_field.attname, flat=True) if name]
    return names


def _anonymise(model: type[Model], rows: QuerySet, erasing: dict[str, FieldRule]) -> None:
    constants, per_row = {}, []
    for name, field_rule in erasing.items():
        model_field = model._meta.get_field(name)
        if field_rule.erase == Erase.PSEUDONYM:
            per_row.append(model_field)
        elif field_rule.erase == Erase.DELETE_FILE:
            constants[model_field.attname] = ""
        else:
            constants[model_field.attname] = _constant(model_field, field_rule.erase)
    if constants:
        rows.update(**constants)
    for pk in rows.values_list("pk", flat=True) if per_row else ():
        model._default_manager.filter(pk=pk).update(
            **{model_field.attname: _pseudonym(model_field, pk) for model_field in per_row})


def identifiers(*, full_name: str, first_name: str, last_name: str, email: str,
                phone: str) -> list[str]:
    """What names a person in text, longest first (so "Anna Lind" goes before "Anna")."""
    found = {value.strip() for value in (full_name, first_name, last_name, email, phone,
                                         email.split("@")[0]) if len(value.strip()) >= 2}
    return sorted(found, key=lambda value: (-len(value), value))


def _scrubbed(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(ERASED_TEXT, value)
    if isinstance(value, list):
        return [_scrubbed(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, pattern) for key, item in value.items()}
    return value


def mentions_scrub(rule: ModelRule, rows: QuerySet, names: list[str], *,
                   outcome: Outcome) -> None:
    """Cut the person's ``names`` out of other people's text in ``rows``."""
    if not names or not rule.mentions:
        return
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in names),
                         re.IGNORECASE)
    changed = 0
    for row in rows.only("pk", *rule.mentions):
        updates = {}
        for name in rule.mentions:
            value = getattr(row, name)
            cleaned = _scrubbed(value, pattern)
            if cleaned != value:
                updates[name] = cleaned
        if updates:
            rule.model._default_manager.filter(pk=row.pk).update(**updates)
            changed += 1
    if changed:
        outcome.changed[rule.label] = outcome.changed.get(rule.label, 0) + changed


def files_remove_on_commit(names: list[str]) -> None:
    """Remove stored files once the erasure has committed (a rollback keeps them)."""
    def remove() -> None:
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                pass  # already gone; the row that named it is erased either way

    if names:
        transaction.on_commit(remove)
