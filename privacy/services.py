"""Writes on personal data: a person's erasure request, the erasure itself (anonymise, keep
what a legal hold requires, log it), and declining a request."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.services import audit_record

from .erasure import Outcome, erase_rows, files_remove_on_commit, identifiers, mentions_scrub
from .models import ErasureRequest
from .registry import rules

ALREADY_ERASED = _("This person's data has already been erased.")
NOT_PENDING = _("This request has already been decided.")
REASON_NEEDED = _("Say why the request is declined: the person is told.")


@transaction.atomic
def erasure_request(*, person: User, now: datetime, ip_address: str | None = None
                    ) -> ErasureRequest:
    """The person asks to be erased; staff confirm. Asking twice keeps one request."""
    pending = ErasureRequest.objects.filter(person=person,
                                            status=ErasureRequest.Status.PENDING).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(person=person, requested_at=now)
    except IntegrityError:
        return ErasureRequest.objects.get(person=person, status=ErasureRequest.Status.PENDING)
    audit_record(actor=person, action="privacy.erasure_request", subject=request,
                 person_id=person.pk, customer_id=person.customer_id, ip_address=ip_address)
    return request


def person_is_erased(person: User) -> bool:
    return ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.DONE).exists()


def _rules_person_last():
    # The person's own row goes last: other rules find rows by the person's email address.
    return sorted(rules(), key=lambda rule: (rule.model is User, rule.label))


@transaction.atomic
def person_erase(*, person: User, by: User, now: datetime, request: ErasureRequest | None = None,
                 ip_address: str | None = None) -> ErasureRequest:
    """Anonymise ``person`` everywhere the declarations say, irreversibly: their account is
    disabled, their texts and files are gone, cases keep their numbers, categories, times
    and SLA figures. What a legal hold keeps is listed in the result with the reason."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if person_is_erased(person):
        raise ValidationError(ALREADY_ERASED, code="already_erased")
    if request is None:
        request = (ErasureRequest.objects.select_for_update()
                   .filter(person=person, status=ErasureRequest.Status.PENDING).first()
                   or ErasureRequest(person=person, requested_at=now, requested_by_person=False))
    outcome = Outcome()
    names = identifiers(full_name=person.get_full_name(), first_name=person.first_name,
                        last_name=person.last_name, email=person.email, phone=person.phone)
    for rule in rules():
        # First, while the person's own rows still say which cases are theirs.
        if rule.mentions:
            condition = Q(pk__in=[])
            for path in rule.mention_scope:
                condition |= Q(**{path: person})
            mentions_scrub(rule, rule.model._default_manager.filter(condition).distinct(),
                           names, outcome=outcome)
    for rule in _rules_person_last():
        erase_rows(rule, rule.rows_of(person), outcome=outcome, now=now)
    User.objects.filter(pk=person.pk).update(is_active=False, password=make_password(None))
    files_remove_on_commit(outcome.files)
    request.status, request.decided_by, request.decided_at = ErasureRequest.Status.DONE, by, now
    request.result = outcome.as_dict()
    request.save()
    audit_record(actor=by, action="privacy.erase", subject=request, person_id=person.pk,
                 ip_address=ip_address, details={"held": len(outcome.held),
                                                 "files_removed": len(outcome.files)})
    return request


@transaction.atomic
def erasure_decline(*, request: ErasureRequest, by: User, reason: str, now: datetime
                    ) -> ErasureRequest:
    """Staff decline a person's request, saying why (the person sees the reason)."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureRequest.Status.PENDING:
        raise ValidationError(NOT_PENDING, code="not_pending")
    if not reason.strip():
        raise ValidationError(REASON_NEEDED, code="reason_needed")
    request.status, request.decided_by, request.decided_at = (
        ErasureRequest.Status.DECLINED, by, now)
    request.reason = reason.strip()
    request.save()
    audit_record(actor=by, action="privacy.erasure_decline", subject=request,
                 person_id=request.person_id)
    return request
