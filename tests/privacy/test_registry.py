"""Every model and every concrete field has a privacy rule (privacy.registry), and the
declarations name fields and paths that exist: a new model or field cannot be forgotten,
and a renamed one cannot leave a stale rule behind."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from privacy.registry import Erase, OnErase, rule_for, rules


def _label(model) -> str:
    return model._meta.label


def _offenders(title: str, lines: list[str]) -> str:
    return f"{title} ({len(lines)}):\n  " + "\n  ".join(sorted(lines))


def _walk(model, path: str):
    """The field at the end of ``path`` (ORM lookups joined by "__"), or an error text."""
    field = None
    for step in path.split("__"):
        if field is not None:
            if not field.is_relation:
                return None, f"{step!r} follows {field.name!r}, which is not a relation"
            model = field.related_model
        try:
            field = model._meta.get_field(step)
        except FieldDoesNotExist:
            return None, f"{_label(model)} has no field {step!r}"
    return field, ""


def test_every_model_and_concrete_field_has_a_rule_and_no_rule_is_stale():
    undeclared_models, undeclared_fields, stale = [], [], []
    for model in apps.get_models():
        rule = rule_for(model)
        if rule is None:
            undeclared_models.append(_label(model))
            continue
        names = {field.name for field in model._meta.concrete_fields}
        undeclared_fields += [f"{_label(model)}.{name}" for name in sorted(names - set(rule.fields))]
        stale += [f"{_label(model)}.{name}" for name in sorted(set(rule.fields) - names)]
    declared_elsewhere = [rule.label for rule in rules() if rule.model not in apps.get_models()]
    problems = []
    if undeclared_models:
        problems.append(_offenders("models without a declaration in their app's privacy.py",
                                   undeclared_models))
    if undeclared_fields:
        problems.append(_offenders("concrete fields without a rule", undeclared_fields))
    if stale:
        problems.append(_offenders("rules naming a field the model does not have", stale))
    if declared_elsewhere:
        problems.append(_offenders("declarations of models that are not installed",
                                   declared_elsewhere))
    assert not problems, "\n".join(problems)


def test_owner_and_subject_person_paths_lead_to_a_user():
    user_model = get_user_model()
    broken = []
    for rule in rules():
        paths = [("owners", path) for path in rule.owners]
        paths += [("mention_scope", path) for path in rule.mention_scope]
        if rule.subject_person:
            paths.append(("subject_person", rule.subject_person))
        for kind, path in paths:
            field, error = _walk(rule.model, path)
            if field is None:
                broken.append(f"{rule.label} {kind} {path!r}: {error}")
            elif not (field.is_relation and field.related_model is user_model):
                broken.append(f"{rule.label} {kind} {path!r}: ends at {field.name!r}, "
                              f"not a relation to {user_model._meta.label}")
            else:
                # The query the registry and the audit log build must compile.
                str(rule.model._default_manager.filter(**{path: None}).query)
    assert not broken, _offenders("owner / subject_person / mention_scope paths that do not lead to a user",
                                  broken)


def test_owner_emails_are_text_fields():
    broken = []
    for rule in rules():
        for name in rule.owner_emails:
            try:
                field = rule.model._meta.get_field(name)
            except FieldDoesNotExist:
                broken.append(f"{rule.label}.{name}: no such field")
                continue
            if not isinstance(field, models.CharField | models.TextField):
                broken.append(f"{rule.label}.{name}: {type(field).__name__}, not a text field")
    assert not broken, _offenders("owner_emails that cannot hold an address", broken)


def test_mentions_are_text_or_json_fields_with_a_scope():
    broken = []
    for rule in rules():
        if rule.mentions and not rule.mention_scope:
            broken.append(f"{rule.label}: mentions without a mention_scope (never scrubbed)")
        for name in rule.mentions:
            try:
                field = rule.model._meta.get_field(name)
            except FieldDoesNotExist:
                broken.append(f"{rule.label}.{name}: no such field")
                continue
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                broken.append(f"{rule.label}.{name}: {type(field).__name__}, holds no text")
    assert not broken, _offenders("mentions that cannot be scrubbed", broken)


def test_the_processing_log_keeps_references_not_copies():
    from audit.models import AuditEntry

    rule = rule_for(AuditEntry)
    assert rule is not None, "audit.AuditEntry has no declaration"
    personal = sorted(name for name, field_rule in rule.fields.items()
                      if field_rule.personal and name != "ip_address")
    assert not personal, _offenders("audit.AuditEntry fields declared personal (the log keeps "
                                    "ids, never copies)", personal)
    # Append-only: nothing in it is ever erased, and it is never deleted.
    assert rule.fields["ip_address"].personal
    assert rule.fields["ip_address"].erase == Erase.KEEP
    assert rule.fields["ip_address"].kept_because
    assert rule.on_erase == OnErase.ANONYMISE
    assert not rule.exported
    assert rule.owners == ("person",)


def test_every_stored_file_is_deleted_on_erasure():
    kept = []
    for model in apps.get_models():
        rule = rule_for(model)
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            field_rule = rule.fields.get(field.name) if rule is not None else None
            if rule is not None and (rule.on_erase == OnErase.DELETE
                                     or (field_rule is not None
                                         and field_rule.erase == Erase.DELETE_FILE)):
                continue
            kept.append(f"{_label(model)}.{field.name}")
    assert not kept, _offenders("files that an erasure would leave in storage (declare "
                                "Erase.DELETE_FILE or OnErase.DELETE)", kept)


def test_personal_data_kept_on_anonymised_rows_says_why():
    silent = [f"{rule.label}.{name}" for rule in rules() if rule.on_erase == OnErase.ANONYMISE
              for name, field_rule in rule.fields.items()
              if field_rule.personal and field_rule.erase == Erase.KEEP
              and not field_rule.kept_because]
    assert not silent, _offenders("personal fields kept on erasure without kept_because", silent)


@pytest.mark.django_db
def test_rows_and_legal_holds_of_a_person_can_be_read_for_every_model():
    person = get_user_model().objects.create_user(email="anna@example.com", password="x")
    now = timezone.now()
    failed = []
    for rule in sorted(rules(), key=lambda rule: rule.label):
        try:
            rows = rule.rows_of(person)
            list(rows.values_list("pk", flat=True))
            if rule.legal_hold is not None:
                list(rule.legal_hold(rows, now).values_list("pk", flat=True))
        except Exception as error:  # noqa: BLE001 - every failing model is listed
            failed.append(f"{rule.label}: {type(error).__name__}: {error}")
    assert not failed, _offenders("declarations whose rows cannot be read", failed)
    user_rule = rule_for(get_user_model())
    assert list(user_rule.rows_of(person)) == [person]


@pytest.mark.django_db
def test_a_reporters_rows_include_mails_quoting_them_and_billed_cases_are_held():
    import datetime as dt

    from cases.models import Case, Message, OutboxEmail, TimeEntry
    from tests.factories import WEDNESDAY_MORNING, make_specialist, register_case

    case = register_case(now=WEDNESDAY_MORNING)
    reporter, specialist = case.reporter, make_specialist()
    message = Message.objects.create(case=case, author=reporter, body="Still broken",
                                     created_at=WEDNESDAY_MORNING)
    quoting = OutboxEmail.objects.create(recipient=specialist.email, language="sv",
                                         template="reply", context={"message_id": message.pk})
    unrelated = OutboxEmail.objects.create(recipient=specialist.email, language="sv",
                                           template="reply", context={"message_id": None})

    outbox_rows = set(rule_for(OutboxEmail).rows_of(reporter))
    assert quoting in outbox_rows and unrelated not in outbox_rows
    assert set(rule_for(OutboxEmail).rows_of(specialist)) >= {quoting, unrelated}
    assert list(rule_for(Message).rows_of(reporter)) == [message]

    cases = rule_for(Case)
    now = WEDNESDAY_MORNING + dt.timedelta(days=30)
    assert not cases.legal_hold(cases.rows_of(reporter), now).exists(), "not billed: not held"
    TimeEntry.objects.create(case=case, specialist=specialist, minutes=30, billable=True,
                             worked_on=WEDNESDAY_MORNING.date())
    assert list(cases.legal_hold(cases.rows_of(reporter), now)) == [case]
    Case.objects.filter(pk=case.pk).update(closed_at=WEDNESDAY_MORNING)
    years_later = WEDNESDAY_MORNING + dt.timedelta(days=366 * 8)
    assert not cases.legal_hold(cases.rows_of(reporter), years_later).exists(), \
        "closed before the bookkeeping period: no longer held"
