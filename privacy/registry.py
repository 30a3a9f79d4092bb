"""Which fields of which models hold personal data, and what export and erasure do with
each — declared by every app in its own ``privacy.py`` next to its models, so a new model or
field cannot be forgotten (tests/privacy/test_registry.py walks every model).

A declaration names the rows that belong to a person (``owners``: ORM paths to the person's
``User``; ``owner_emails``: text fields holding their address) and a rule per concrete field.
Erasure anonymises rather than deletes where the row matters to someone else (a case keeps
its number, category, times and SLA figures for the customer and the statistics), and
deletes rows that only matter to the person (their notification preferences, sessions)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.db.models import Model, Q, QuerySet


class Erase(StrEnum):
    KEEP = "keep"  # left as it is (not personal, or kept for a declared reason)
    BLANK = "blank"  # emptied
    NULL = "null"
    REDACT = "redact"  # free text replaced by a marker saying it was erased
    PSEUDONYM = "pseudonym"  # replaced by a value made from the row's id (a user's email)
    DELETE_FILE = "delete_file"  # the stored file is removed


class OnErase(StrEnum):
    ANONYMISE = "anonymise"  # the row stays, its personal fields are erased
    DELETE = "delete"  # the person's rows are deleted (files with them)


@dataclass(frozen=True)
class FieldRule:
    personal: bool
    erase: Erase = Erase.KEEP
    export: bool = True
    # Why a personal field is kept on erasure (shown in the erasure result).
    kept_because: str = ""


NOT_PERSONAL = FieldRule(personal=False)
# Secrets (password hashes, token digests): personal in a sense, never exported.
SECRET = FieldRule(personal=True, erase=Erase.BLANK, export=False)


def personal(erase: Erase = Erase.REDACT, *, export: bool = True,
             kept_because: str = "") -> FieldRule:
    return FieldRule(personal=True, erase=erase, export=export, kept_because=kept_because)


@dataclass(frozen=True)
class ModelRule:
    model: type[Model]
    fields: dict[str, FieldRule]
    owners: tuple[str, ...] = ()
    owner_emails: tuple[str, ...] = ()
    on_erase: OnErase = OnErase.ANONYMISE
    # Rows of the person that must stay as they are (a billed order within the bookkeeping
    # period): given the person's rows and now, the subset held, and the reason.
    legal_hold: Callable[[QuerySet, datetime], QuerySet] | None = None
    legal_hold_reason: str = ""
    # Whose data a row of this model is, for the processing log (an ORM path to a User).
    subject_person: str | None = None
    # Not exported in a person's document (the processing log is shown on its own).
    exported: bool = True
    # More rows that hold the person's data without an owner field (a session that logs them
    # in, a mail that quotes their message): given the person, a Q on this model.
    extra_rows: Callable[[Model], Q] | None = None
    # Other people's text about the person (a specialist's "Hi Anna" on Anna's case): on
    # erasure the person's name, address and phone are cut out of ``mentions`` (text or JSON
    # fields) in rows whose ``mention_scope`` path leads to the person.
    mentions: tuple[str, ...] = ()
    mention_scope: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def rows_of(self, person: Model) -> QuerySet:
        """The rows that belong to ``person`` (none for a model without owners)."""
        condition = Q(pk__in=[])
        for path in self.owners:
            condition |= Q(**{path: person})
        email = getattr(person, "email", "")
        for name in self.owner_emails:
            if email:
                condition |= Q(**{f"{name}__iexact": email})
        if self.extra_rows is not None:
            condition |= self.extra_rows(person)
        return self.model._default_manager.filter(condition).distinct()


@dataclass
class _Registry:
    rules: dict[type[Model], ModelRule] = field(default_factory=dict)

    def register(self, rule: ModelRule) -> ModelRule:
        if rule.model in self.rules:
            raise ValueError(f"{rule.label} is declared twice")
        self.rules[rule.model] = rule
        return rule


registry = _Registry()


def declare(model: type[Model], fields: dict[str, FieldRule], **options) -> ModelRule:
    """Declare ``model``'s personal data (in the app's ``privacy.py``)."""
    return registry.register(ModelRule(model=model, fields=fields, **options))


def not_personal(*names: str) -> dict[str, FieldRule]:
    """Fields reviewed and found to hold no personal data (ids, states, times). Named one by
    one: a field added later is undeclared until someone looks at it."""
    return dict.fromkeys(names, NOT_PERSONAL)


def rules() -> Iterable[ModelRule]:
    return registry.rules.values()


def rule_for(model: type[Model]) -> ModelRule | None:
    return registry.rules.get(model)
