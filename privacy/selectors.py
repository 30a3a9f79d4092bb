from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accounts.models import User

from .registry import Erase, OnErase, rules


@dataclass(frozen=True)
class ErasurePreviewLine:
    label: str
    title: str
    rows: int
    held: int
    deletes: bool


def erasure_preview(*, person: User, now: datetime) -> list[ErasurePreviewLine]:
    """What an erasure of ``person`` would touch, per kind of data, before staff confirm."""
    lines = []
    for rule in sorted(rules(), key=lambda rule: rule.label):
        erases = rule.on_erase == OnErase.DELETE or any(
            field_rule.personal and field_rule.erase != Erase.KEEP
            for field_rule in rule.fields.values())
        if not erases:
            continue
        rows = rule.rows_of(person)
        count = rows.count()
        if not count:
            continue
        held = rule.legal_hold(rule.model._default_manager.filter(
            pk__in=rows.values("pk")), now).count() if rule.legal_hold else 0
        lines.append(ErasurePreviewLine(rule.label, str(rule.model._meta.verbose_name_plural),
                                        count, held, rule.on_erase == OnErase.DELETE))
    return lines
