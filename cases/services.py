"""Writes on cases. Every change goes through here: validated, recorded in the case history,
and notified. Each function runs in one transaction and takes the clock as ``now``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from customers.models import Module
from knowledgebase.services import deflection_record_case_registered
from sla.services import calendar_table_get
from superusers.access import INELIGIBILITY_MESSAGES
from superusers.selectors import superuser_eligibility, superuser_trained_modules

from .models import (
    DEFAULT_SERVICE_LEVEL,
    Attachment,
    Case,
    CaseEvent,
    CaseNumberSequence,
    CostEstimate,
    Message,
)
from .notifications import notify
from .sla import sla_deadlines
from .uploads import attachments_check
from .workflows import RESOLVED_STATES, Actor, Category, Guard, State, workflow_for

MODULE_NOT_TRAINED = _("You can register cases only for modules you have completed the "
                       "training for.")
LEVEL_ONLY_FOR_BUGS = _("Only software bugs have a service level.")
TRANSITION_NOT_ALLOWED = _("A case in state “%(source)s” cannot be moved to “%(target)s”.")
TRANSITION_NOT_YOURS = _("Only our specialists can move a case to “%(target)s”.")
ESTIMATE_NOT_ACCEPTED = _("Work on an order starts only after the customer has accepted the "
                          "cost estimate.")
ESTIMATE_MISSING = _("Give a cost estimate before moving the order to “Cost estimate”.")
ESTIMATE_NOT_OPEN = _("There is no cost estimate waiting for acceptance on this case.")
ESTIMATE_ONLY_ORDERS = _("Only orders have cost estimates.")
CASE_CLOSED = _("This case is closed. Please register a new case.")
REASON_REQUIRED = _("Give a reason for changing the service level.")
NOT_STAFF = _("Only staff can do this.")
NOT_YOUR_CASE = _("This case belongs to another customer.")


def _actor_of(user: User, case: Case) -> Actor:
    if user.is_staff:
        return Actor.STAFF
    if user.customer_id != case.customer_id:
        # Views never get here (their queries are scoped); this guards other callers.
        raise PermissionDenied(NOT_YOUR_CASE)
    return Actor.CUSTOMER


def case_number_allocate(*, year: int) -> str:
    """Next number of the year, e.g. ``2026-004217``. Must run inside a transaction: the
    year's row stays locked until commit, so concurrent registrations never share one."""
    CaseNumberSequence.objects.bulk_create([CaseNumberSequence(year=year)],
                                           ignore_conflicts=True)
    sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{year}-{sequence.last_number:06d}"


def _apply_sla(case: Case) -> None:
    if case.category != Category.SOFTWARE_BUG:
        case.start_deadline = case.start_at_risk_from = case.resolution_goal = None
        return
    deadlines = sla_deadlines(calendar_table_get(case.office), registered_at=case.registered_at,
                              level=case.service_level)
    case.start_deadline = deadlines.start_deadline
    case.start_at_risk_from = deadlines.start_at_risk_from
    case.resolution_goal = deadlines.resolution_goal


def _store_attachments(*, case: Case, message: Message | None, uploads: list[UploadedFile],
                       by: User, now: datetime) -> None:
    content_types = attachments_check(uploads)
    for upload, content_type in zip(uploads, content_types, strict=True):
        Attachment.objects.create(
            case=case, message=message, file=upload, original_name=upload.name[:255],
            content_type=content_type, size=upload.size, uploaded_by=by, uploaded_at=now)


@transaction.atomic
def case_register(
    *, reporter: User, module: Module, category: str, subject: str, description: str,
    service_level: int | None = None, attachments: list[UploadedFile] | None = None,
    channel: str = "portal", form_opened_at: datetime | None = None, now: datetime,
) -> Case:
    """Register a case. ``form_opened_at``: when the person opened the form, so FAQ
    suggestions they opened since then are not counted as deflected cases."""
    verdict = superuser_eligibility(user=reporter, cached=False)
    if not verdict.may_register_cases:
        raise ValidationError(INELIGIBILITY_MESSAGES[verdict.reason], code=verdict.reason.value)
    if not superuser_trained_modules(user=reporter).filter(pk=module.pk).exists():
        raise ValidationError(MODULE_NOT_TRAINED, code="module_not_trained")
    if category == Category.SOFTWARE_BUG:
        service_level = service_level or DEFAULT_SERVICE_LEVEL
    elif service_level is not None:
        raise ValidationError(LEVEL_ONLY_FOR_BUGS, code="level_only_for_bugs")
    customer = reporter.customer
    case = Case(
        number=case_number_allocate(year=now.year), customer=customer, reporter=reporter,
        module=module, category=category, subject=subject.strip(),
        description=description.strip(), service_level=service_level,
        state=workflow_for(category).initial, team=customer.support_team,
        office=customer.office_country, channel=channel, registered_at=now,
    )
    _apply_sla(case)
    case.full_clean(exclude=["number"])
    case.save()
    _store_attachments(case=case, message=None, uploads=attachments or [], by=reporter, now=now)
    CaseEvent.objects.create(case=case, at=now, actor=reporter, kind=CaseEvent.Kind.REGISTERED,
                             to_state=case.state)
    notify(case=case, recipient=reporter, template="registered")
    if form_opened_at is not None:
        deflection_record_case_registered(user=reporter, since=form_opened_at, registered_at=now)
    return case


def _mark_work_started(case: Case, *, by: User, now: datetime) -> None:
    if case.work_started_at is None:
        case.work_started_at = now
        CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.WORK_STARTED)


def _guard_holds(case: Case, guard: Guard | None) -> bool:
    if guard is None:
        return True
    estimate = CostEstimate.objects.filter(case=case).first()
    if guard == Guard.ESTIMATE_GIVEN:
        return estimate is not None
    if guard == Guard.ESTIMATE_ACCEPTED:
        return estimate is not None and estimate.is_accepted
    raise AssertionError(f"unhandled guard {guard}")


def case_allowed_targets(*, case: Case, user: User) -> list[State]:
    """The states ``user`` may move ``case`` to now (guards included)."""
    actor = Actor.STAFF if user.is_staff else Actor.CUSTOMER
    return [t.target for t in workflow_for(case.category).moves_from(case.state, actor)
            if _guard_holds(case, t.guard)]


@transaction.atomic
def case_transition(*, case: Case, by: User, target: str, now: datetime,
                    note: str = "") -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    actor = _actor_of(by, case)
    workflow = workflow_for(case.category)
    transition = workflow.find(case.state, target)
    labels = {"source": State(case.state).label, "target": State(target).label
              if target in State.values else target}
    if transition is None:
        raise ValidationError(TRANSITION_NOT_ALLOWED, code="not_allowed", params=labels)
    if actor not in transition.actors:
        raise ValidationError(TRANSITION_NOT_YOURS, code="not_yours", params=labels)
    if not _guard_holds(case, transition.guard):
        message = (ESTIMATE_NOT_ACCEPTED if transition.guard == Guard.ESTIMATE_ACCEPTED
                   else ESTIMATE_MISSING)
        raise ValidationError(message, code=str(transition.guard))
    source = case.state
    case.state = target
    if source == workflow.initial and actor == Actor.STAFF:
        _mark_work_started(case, by=by, now=now)
    if target in RESOLVED_STATES and case.resolved_at is None:
        case.resolved_at = now
    if target == State.CLOSED:
        case.closed_at = now
    case.save()
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.STATE_CHANGED,
                             from_state=source, to_state=target,
                             details={"note": note} if note else {})
    recipient = case.reporter if actor == Actor.STAFF else case.assignee
    notify(case=case, recipient=recipient, template="state_changed",
           from_state=source, to_state=target)
    return case


@transaction.atomic
def case_message_add(*, case: Case, by: User, body: str, now: datetime,
                     is_internal: bool = False,
                     attachments: list[UploadedFile] | None = None) -> Message:
    case = Case.objects.select_for_update().get(pk=case.pk)
    actor = _actor_of(by, case)
    if actor == Actor.CUSTOMER:
        if is_internal:
            raise PermissionDenied(NOT_STAFF)
        if case.is_closed:
            raise ValidationError(CASE_CLOSED, code="closed")
    message = Message.objects.create(case=case, author=by, body=body.strip(),
                                     is_internal=is_internal, created_at=now)
    _store_attachments(case=case, message=message, uploads=attachments or [], by=by, now=now)
    if is_internal:
        return message
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.PUBLIC_REPLY,
                             details={"message_id": message.pk})
    if actor == Actor.STAFF:
        _mark_work_started(case, by=by, now=now)
        case.save(update_fields=["work_started_at", "updated_at"])
    recipient = case.reporter if actor == Actor.STAFF else case.assignee
    notify(case=case, recipient=recipient, template="reply", message_id=message.pk)
    return message


@transaction.atomic
def case_level_change(*, case: Case, by: User, level: int, reason: str, now: datetime) -> Case:
    """A specialist sets a bug's level, e.g. lowers 1/2 to 3 when a workaround is given.
    Deadlines are recomputed from the original registration time."""
    if not by.is_staff:
        raise PermissionDenied(NOT_STAFF)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.category != Category.SOFTWARE_BUG:
        raise ValidationError(LEVEL_ONLY_FOR_BUGS, code="level_only_for_bugs")
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    previous = case.service_level
    case.service_level = level
    _apply_sla(case)
    case.full_clean(exclude=["number"])
    case.save()
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.LEVEL_CHANGED,
                             details={"from": previous, "to": level, "reason": reason.strip()})
    return case


@transaction.atomic
def case_assign(*, case: Case, assignee: User | None, by: User, now: datetime) -> Case:
    if not by.is_staff or (assignee is not None and not assignee.is_staff):
        raise PermissionDenied(NOT_STAFF)
    case.assignee = assignee
    case.save(update_fields=["assignee", "updated_at"])
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.ASSIGNED,
                             details={"assignee": str(assignee) if assignee else ""})
    return case


@transaction.atomic
def case_estimate_give(*, case: Case, by: User, amount: Decimal, text: str, currency: str,
                       now: datetime) -> CostEstimate:
    """Staff put a price on an order; it moves to "Cost estimate" and waits for the customer."""
    if not by.is_staff:
        raise PermissionDenied(NOT_STAFF)
    if case.category != Category.ORDER:
        raise ValidationError(ESTIMATE_ONLY_ORDERS, code="only_orders")
    estimate, _created = CostEstimate.objects.update_or_create(case=case, defaults={
        "amount": amount, "text": text.strip(), "currency": currency, "given_by": by,
        "given_at": now, "accepted_by": None, "accepted_at": None})
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.ESTIMATE_GIVEN,
                             details={"amount": str(amount), "currency": currency})
    if case.state == State.RECEIVED:
        case_transition(case=case, by=by, target=State.COST_ESTIMATE, now=now)
    notify(case=case, recipient=case.reporter, template="estimate_given")
    return estimate


@transaction.atomic
def case_estimate_accept(*, case: Case, by: User, now: datetime) -> CostEstimate:
    if _actor_of(by, case) != Actor.CUSTOMER:
        raise PermissionDenied(NOT_YOUR_CASE)
    estimate = CostEstimate.objects.select_for_update().filter(case=case).first()
    if estimate is None or estimate.is_accepted or case.state != State.COST_ESTIMATE:
        raise ValidationError(ESTIMATE_NOT_OPEN, code="no_open_estimate")
    estimate.accepted_by = by
    estimate.accepted_at = now
    estimate.save(update_fields=["accepted_by", "accepted_at"])
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.ESTIMATE_ACCEPTED)
    notify(case=case, recipient=case.assignee, template="estimate_accepted")
    return estimate


def case_deadlines_recompute_for_office(*, office: str) -> int:
    """After a calendar change: recompute the SLA instants of every open bug of the office."""
    open_bugs = (Case.objects.filter(office=office, category=Category.SOFTWARE_BUG)
                 .exclude(state=State.CLOSED).only("pk", "registered_at", "service_level",
                                                    "office", "category"))
    changed = []
    for case in open_bugs.iterator(chunk_size=2000):
        _apply_sla(case)
        changed.append(case)
    with transaction.atomic():
        Case.objects.bulk_update(changed, ["start_deadline", "start_at_risk_from",
                                           "resolution_goal"], batch_size=1000)
    return len(changed)
