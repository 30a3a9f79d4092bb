"""Writes on cases. Every change goes through here: validated, recorded in the case history,
and notified. Each function runs in one transaction and takes the clock as ``now``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_manager
from customers.models import Customer, Module, PaymentStatus
from customers.teams import SupportTeam
from knowledgebase.services import deflection_record_case_registered
from kundcenter.refusals import refusal_text
from sla.calendar import open_time_between
from sla.services import calendar_table_get, office_time_zone
from superusers.rules import CASE_WRITE_REFUSALS, INELIGIBILITY_MESSAGES, case_write_refusal
from superusers.selectors import superuser_eligibility, superuser_trained_modules

from .hygiene_rules import MERGED_CASE_READ_ONLY
from .mentions import author_name, mentions_notify
from .models import (
    DEFAULT_SERVICE_LEVEL,
    Attachment,
    Case,
    CaseEvent,
    CaseNumberSequence,
    CaseRating,
    CostEstimate,
    Message,
)
from .notifications import notify, reply_email_context
from .rules import case_number_format, case_number_year, reopen_window_is_open, staff_may_act
from .selectors import case_reopen_window, case_resolved_from
from .sla import sla_deadlines
from .uploads import (
    STORAGE_FULL_CASE,
    STORAGE_FULL_REPLY,
    StorageFullError,
    attachments_check,
    stored_files_removed_on_error,
    upload_store,
)
from .workflows import (
    OPEN_STATES,
    RESOLVED_STATES,
    Actor,
    Category,
    Guard,
    State,
    reopen_target,
    workflow_for,
)

MODULE_NOT_TRAINED = _("You can register cases only for modules you have completed the "
                       "training for.")
LEVEL_ONLY_FOR_BUGS = _("Only software bugs have a service level.")
TRANSITION_NOT_ALLOWED = _("A case in state “%(source)s” cannot be moved to “%(target)s”.")
TRANSITION_NOT_YOURS = _("Only our specialists can move a case to “%(target)s”.")
ESTIMATE_NOT_ACCEPTED = _("Work on an order starts only after the customer has accepted the "
                          "cost estimate.")
ESTIMATE_MISSING = _("Give a cost estimate before moving the order to “Cost estimate”.")
ESTIMATE_NOT_OPEN = _("There is no cost estimate waiting for acceptance on this case.")
ESTIMATE_CHANGED = _("The cost estimate was changed after you opened it. Please review the "
                     "new estimate (version %(version)s) before accepting it.")
ESTIMATE_TOO_LATE = _("The order is already delivered or closed; its estimate cannot change.")
ESTIMATE_ONLY_ORDERS = _("Only orders have cost estimates.")
REOPEN_WINDOW_PASSED = _("This case was resolved more than %(days)s days ago, so a reply no "
                         "longer reopens it. Please register a follow-up case; it is linked "
                         "to this one.")
RATING_NOT_RESOLVED = _("You can rate a case once it is delivered or closed.")
RATING_WINDOW_PASSED = _("The rating can be given or changed only within %(days)s days of "
                         "delivery.")
FOLLOW_UP_NOT_RESOLVED = _("A follow-up case can be registered only for a delivered or closed "
                           "case.")
FOLLOW_UP_TOO_EARLY = _("This case was resolved less than %(days)s days ago: reply on it "
                        "instead, and it reopens.")
LEVEL_CASE_CLOSED = _("The case is closed; its service level can no longer change.")
REASON_REQUIRED = _("Give a reason for changing the service level.")
TRANSFER_REASON_REQUIRED = _("Give a reason for the transfer; the other team reads it.")
TRANSFER_SAME_TEAM = _("The case is already with this team.")
NOT_STAFF = _("Only staff can do this.")
NOT_YOUR_CASE = _("This case belongs to another customer.")
OTHER_TEAM = _("This case is handled by the team “%(team)s”. You can read it and transfer "
               "it, but only that team or a manager can work on it.")


def _check_staff_may_act(user: User, case: Case) -> None:
    if not staff_may_act(staff_team=user.support_team, is_manager=is_manager(user),
                         case_team=case.team):
        raise PermissionDenied(OTHER_TEAM % {"team": SupportTeam(case.team).label})


def _check_customer_may_write(case: Case) -> None:
    # Writes lock a freshly read case, so they read the customer fresh too; a page asking
    # whether to show the reply form uses the customer it has already loaded.
    customer = (case.customer if Case.customer.is_cached(case) else
                Customer.objects.only("is_active", "payment_status").get(pk=case.customer_id))
    refusal = case_write_refusal(customer_active=customer.is_active,
                                 payment_overdue=customer.payment_status == PaymentStatus.OVERDUE)
    if refusal is not None:
        raise ValidationError(CASE_WRITE_REFUSALS[refusal], code=refusal.value)


def _authorize(user: User, case: Case) -> Actor:
    """Who ``user`` is to ``case``, refusing anyone who may not change it: another customer
    (views 404 before this; it guards every other caller), a customer without a right to
    support, a specialist of the other team; and everyone on a duplicate merged into another
    case, which lives on there."""
    if case.merged_into_id is not None:
        raise ValidationError(MERGED_CASE_READ_ONLY, code="merged",
                              params={"number": case.merged_into.number})
    if user.is_staff:
        _check_staff_may_act(user, case)
        return Actor.STAFF
    if user.customer_id != case.customer_id:
        raise PermissionDenied(NOT_YOUR_CASE)
    _check_customer_may_write(case)
    return Actor.CUSTOMER


def case_write_refusal_for(*, user: User, case: Case) -> str | None:
    """The reason ``user`` may not change ``case`` (shown instead of the reply form and the
    buttons), or None. Reading is always allowed to the case's customer."""
    try:
        _authorize(user, case)
    except (PermissionDenied, ValidationError) as refusal:
        return refusal_text(refusal)
    return None


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).get(pk=case.pk)


def case_number_allocate(*, year: int) -> str:
    """Next number of the year, e.g. ``2026-004217``. Must run inside a transaction: the
    year's row stays locked until commit, so concurrent registrations never share one."""
    CaseNumberSequence.objects.bulk_create([CaseNumberSequence(year=year)],
                                           ignore_conflicts=True)
    sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return case_number_format(year=year, serial=sequence.last_number)


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
                       by: User, now: datetime, stored: list) -> None:
    """Write the files; each stored file is appended to ``stored`` so that it is removed
    again when the transaction fails (see uploads.stored_files_removed_on_error)."""
    content_types = attachments_check(uploads)
    for upload, content_type in zip(uploads, content_types, strict=True):
        attachment = Attachment(
            case=case, message=message, original_name=upload.name[:255],
            content_type=content_type, size=upload.size, uploaded_by=by, uploaded_at=now)
        # The file first, the row after: a row never names a file that is not there.
        try:
            upload_store(attachment.file, upload)
        except StorageFullError as error:
            raise ValidationError(STORAGE_FULL_CASE if message is None else STORAGE_FULL_REPLY,
                                  code="storage_full",
                                  params={"name": attachment.original_name}) from error
        stored.append(attachment.file)
        attachment.save()


@transaction.atomic
def case_register(
    *, reporter: User, module: Module, category: str, subject: str, description: str,
    service_level: int | None = None, attachments: list[UploadedFile] | None = None,
    channel: str = "portal", form_opened_at: datetime | None = None,
    follow_up_of: Case | None = None, now: datetime,
) -> Case:
    """Register a case. ``form_opened_at``: when the person opened the form, so FAQ
    suggestions they opened since then are not counted as deflected cases. ``follow_up_of``:
    a resolved case of the same customer whose reopening window has passed."""
    verdict = superuser_eligibility(user=reporter, cached=False)
    if not verdict.may_register_cases:
        raise ValidationError(INELIGIBILITY_MESSAGES[verdict.reason], code=verdict.reason.value)
    if follow_up_of is not None:
        follow_up_of = _check_follow_up_allowed(follow_up_of, reporter=reporter, now=now)
    if not superuser_trained_modules(user=reporter).filter(pk=module.pk).exists():
        raise ValidationError(MODULE_NOT_TRAINED, code="module_not_trained")
    if category == Category.SOFTWARE_BUG:
        service_level = service_level or DEFAULT_SERVICE_LEVEL
    elif service_level is not None:
        raise ValidationError(LEVEL_ONLY_FOR_BUGS, code="level_only_for_bugs")
    customer = reporter.customer
    case = Case(
        customer=customer, reporter=reporter,
        module=module, category=category, subject=subject.strip(),
        description=description.strip(), service_level=service_level,
        state=workflow_for(category).initial, team=customer.support_team,
        office=customer.office_country, channel=channel, registered_at=now,
        follow_up_of=follow_up_of,
    )
    _apply_sla(case)
    case.full_clean(exclude=["number"])
    with stored_files_removed_on_error() as stored:
        case.save()
        _store_attachments(case=case, message=None, uploads=attachments or [], by=reporter,
                           now=now, stored=stored)
        CaseEvent.objects.create(case=case, at=now, actor=reporter,
                                 kind=CaseEvent.Kind.REGISTERED, to_state=case.state)
        notify(case=case, recipient=reporter, template="registered")
        if form_opened_at is not None:
            deflection_record_case_registered(user=reporter, since=form_opened_at,
                                              registered_at=now)
        # Last: the year's sequence row stays locked from here until commit, so concurrent
        # registrations queue only behind this, not behind file writes and bookkeeping.
        case.number = case_number_allocate(year=case_number_year(
            registered_at=now, office_zone=office_time_zone(case.office)))
        case.save(update_fields=["number"])
        if follow_up_of is not None:
            # After the number, which the original's history names; one small insert.
            CaseEvent.objects.create(case=follow_up_of, at=now, actor=reporter,
                                     kind=CaseEvent.Kind.FOLLOW_UP_REGISTERED,
                                     details={"number": case.number})
    return case


def _check_follow_up_allowed(original: Case, *, reporter: User, now: datetime) -> Case:
    if original.customer_id != reporter.customer_id:
        raise PermissionDenied(NOT_YOUR_CASE)
    original = _lock(original)
    days = {"days": settings.CASE_REOPEN_WINDOW_DAYS}
    if original.state not in RESOLVED_STATES:
        raise ValidationError(FOLLOW_UP_NOT_RESOLVED, code="not_resolved")
    if reopen_window_is_open(resolved_at=original.resolved_at, now=now,
                             window=case_reopen_window()):
        raise ValidationError(FOLLOW_UP_TOO_EARLY, code="reopen_window_open", params=days)
    return original


def _mark_work_started(case: Case, *, by: User, now: datetime) -> None:
    if case.work_started_at is None:
        case.work_started_at = now
        _store_time_to_start(case)
        CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.WORK_STARTED)


def _store_time_to_start(case: Case) -> None:
    """The start target's result in opening hours, for the reports (None until work starts)."""
    if case.work_started_at is None:
        case.start_open_seconds = None
        return
    elapsed = open_time_between(calendar_table_get(case.office), case.registered_at,
                                case.work_started_at)
    case.start_open_seconds = int(elapsed.total_seconds())


def _guard_holds(case: Case, guard: Guard | None) -> bool:
    if guard is None:
        return True
    estimate = CostEstimate.objects.current_for(case)
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
    case = _lock(case)
    actor = _authorize(by, case)
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
    notify(case=case, recipient=recipient, template="state_changed", now=now,
           from_state=source, to_state=target)
    return case


@transaction.atomic
def case_message_add(*, case: Case, by: User, body: str, now: datetime,
                     is_internal: bool = False,
                     attachments: list[UploadedFile] | None = None) -> Message:
    """A reply or an internal note. A customer's reply to a delivered or closed case reopens
    it within the reopening window and is refused after it (a follow-up case is the way)."""
    case = _lock(case)
    actor = _authorize(by, case)
    reopen_to = None
    if actor == Actor.CUSTOMER:
        if is_internal:
            raise PermissionDenied(NOT_STAFF)
        reopen_to = _reopen_target_for_reply(case, now=now)
    with stored_files_removed_on_error() as stored:
        message = Message.objects.create(case=case, author=by, body=body.strip(),
                                         is_internal=is_internal, created_at=now)
        _store_attachments(case=case, message=message, uploads=attachments or [], by=by,
                           now=now, stored=stored)
        if reopen_to is not None:
            _reopen(case, target=reopen_to, by=by, message=message, now=now)
        recorded = _message_recorded(case=case, message=message, by=by, actor=actor, now=now)
        # Colleagues mentioned in an internal note, and the case's watchers, hear of it.
        mentions_notify(message=message, now=now)
        return recorded


def _reopen_target_for_reply(case: Case, *, now: datetime) -> State | None:
    """Where the customer's reply puts the case: None while it is open (it stays), the
    workflow's reopening state within the window; refused after it."""
    if case.state not in RESOLVED_STATES:
        return None
    if not reopen_window_is_open(resolved_at=case.resolved_at, now=now,
                                 window=case_reopen_window()):
        raise ValidationError(REOPEN_WINDOW_PASSED, code="reopen_window_passed",
                              params={"days": settings.CASE_REOPEN_WINDOW_DAYS})
    return reopen_target(case.category, resolved_from=case_resolved_from(case=case))


def _reopen(case: Case, *, target: State, by: User, message: Message, now: datetime) -> None:
    """Must be called holding the case's row lock. The case is open again, so it is no
    longer resolved: the next delivery starts a new window."""
    source = case.state
    case.state = target
    case.resolved_at = case.closed_at = None
    case.save(update_fields=["state", "resolved_at", "closed_at", "updated_at"])
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.REOPENED,
                             from_state=source, to_state=target,
                             details={"reason": "customer_reply", "message_id": message.pk})
    notify(case=case, recipient=case.assignee, template="state_changed", now=now,
           from_state=source, to_state=target)


@transaction.atomic
def case_rating_give(*, case: Case, by: User, solved: bool, score: int, comment: str = "",
                     now: datetime) -> CaseRating:
    """The customer's answer to "did this solve it?" with a 1–5 score: one per case (the
    case's row lock serialises two answers at once), changeable while the window is open."""
    case = _lock(case)
    if _authorize(by, case) != Actor.CUSTOMER:
        raise PermissionDenied(NOT_YOUR_CASE)
    if case.state not in RESOLVED_STATES:
        raise ValidationError(RATING_NOT_RESOLVED, code="not_resolved")
    if not reopen_window_is_open(resolved_at=case.resolved_at, now=now,
                                 window=case_reopen_window()):
        raise ValidationError(RATING_WINDOW_PASSED, code="rating_window_passed",
                              params={"days": settings.CASE_REOPEN_WINDOW_DAYS})
    rating = CaseRating.objects.filter(case=case).first()
    changed = rating is not None
    if rating is None:
        rating = CaseRating(case=case, rated_at=now)
    rating.solved, rating.score, rating.comment = solved, score, comment.strip()
    rating.rated_by, rating.updated_at = by, now
    rating.full_clean()
    rating.save()
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.RATED,
                             details={"solved": solved, "score": score, "changed": changed})
    return rating


def _message_recorded(*, case: Case, message: Message, by: User, actor: Actor,
                      now: datetime) -> Message:
    if message.is_internal:
        return message
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.PUBLIC_REPLY,
                             details={"message_id": message.pk})
    if actor == Actor.STAFF:
        _mark_work_started(case, by=by, now=now)
        case.save(update_fields=["work_started_at", "start_open_seconds", "updated_at"])
    recipient = case.reporter if actor == Actor.STAFF else case.assignee
    notify(case=case, recipient=recipient, template="reply", **reply_email_context(
        message_id=message.pk, author=author_name(by), body=message.body,
        attachment_names=list(message.attachments.values_list("original_name", flat=True)),
        answerable=actor == Actor.STAFF))
    return message


@transaction.atomic
def case_level_change(*, case: Case, by: User, level: int, reason: str, now: datetime) -> Case:
    """A specialist sets a bug's level, e.g. lowers 1/2 to 3 when a workaround is given.
    Deadlines are recomputed from the original registration time."""
    if not by.is_staff:
        raise PermissionDenied(NOT_STAFF)
    case = _lock(case)
    _authorize(by, case)
    if case.category != Category.SOFTWARE_BUG:
        raise ValidationError(LEVEL_ONLY_FOR_BUGS, code="level_only_for_bugs")
    if case.is_closed:
        raise ValidationError(LEVEL_CASE_CLOSED, code="closed")
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
    case = _lock(case)
    _authorize(by, case)
    if assignee is not None and assignee != by:
        # The assignee works on the case, so must be someone who may.
        _check_staff_may_act(assignee, case)
    case.assignee = assignee
    case.save(update_fields=["assignee", "updated_at"])
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.ASSIGNED,
                             details={"assignee": str(assignee) if assignee else ""})
    return case


@transaction.atomic
def case_transfer(*, case: Case, by: User, team: str, reason: str, now: datetime) -> Case:
    """Hand a wrongly routed case to the other team (the phone menu's promise). The case's
    own team and managers may; the reason is logged for the team that receives it."""
    if not by.is_staff:
        raise PermissionDenied(NOT_STAFF)
    case = _lock(case)
    _authorize(by, case)
    team = SupportTeam(team)
    if case.team == team:
        raise ValidationError(TRANSFER_SAME_TEAM, code="same_team")
    if not reason.strip():
        raise ValidationError(TRANSFER_REASON_REQUIRED, code="reason_required")
    previous = case.team
    case.team = team
    if case.assignee_id is not None and not is_manager(case.assignee):
        case.assignee = None  # the other team picks its own handler
    case.save(update_fields=["team", "assignee", "updated_at"])
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.TRANSFERRED,
                             details={"from": previous, "to": team.value,
                                      "reason": reason.strip()})
    return case


@transaction.atomic
def case_estimate_give(*, case: Case, by: User, amount: Decimal, text: str, currency: str,
                       now: datetime) -> CostEstimate:
    """Staff put a price on an order; it (re)enters "Cost estimate" and waits for the
    customer. A changed estimate is a new version: an earlier acceptance does not carry
    over, so an order in work goes back to waiting for the customer's yes."""
    if not by.is_staff:
        raise PermissionDenied(NOT_STAFF)
    case = _lock(case)
    _authorize(by, case)
    if case.category != Category.ORDER:
        raise ValidationError(ESTIMATE_ONLY_ORDERS, code="only_orders")
    if case.state not in OPEN_STATES:
        raise ValidationError(ESTIMATE_TOO_LATE, code="too_late")
    previous = CostEstimate.objects.select_for_update().current_for(case)
    CostEstimate.objects.filter(case=case, superseded_at__isnull=True).update(superseded_at=now)
    estimate = CostEstimate(case=case, version=previous.version + 1 if previous else 1,
                            amount=amount, text=text.strip(), currency=currency, given_by=by,
                            given_at=now)
    estimate.full_clean()
    estimate.save()
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.ESTIMATE_GIVEN,
                             details={"amount": str(amount), "currency": currency,
                                      "version": estimate.version})
    if case.state == State.RECEIVED:
        case_transition(case=case, by=by, target=State.COST_ESTIMATE, now=now)
    elif case.state == State.WORK:
        # Not a move anyone may choose: it happens only because the price changed.
        case.state = State.COST_ESTIMATE
        case.save(update_fields=["state", "updated_at"])
        CaseEvent.objects.create(case=case, at=now, actor=by,
                                 kind=CaseEvent.Kind.STATE_CHANGED, from_state=State.WORK,
                                 to_state=State.COST_ESTIMATE,
                                 details={"note": "new_estimate", "version": estimate.version})
    notify(case=case, recipient=case.reporter, template="estimate_given",
           amount=str(estimate.amount), currency=estimate.currency, version=estimate.version)
    return estimate


@transaction.atomic
def case_estimate_accept(*, case: Case, by: User, version: int, now: datetime) -> CostEstimate:
    """The customer accepts exactly estimate ``version`` (the one they confirmed on screen);
    if staff have changed it since, nothing is accepted."""
    case = _lock(case)
    if _authorize(by, case) != Actor.CUSTOMER:
        raise PermissionDenied(NOT_YOUR_CASE)
    estimate = CostEstimate.objects.select_for_update().current_for(case)
    if estimate is None or estimate.is_accepted or case.state != State.COST_ESTIMATE:
        raise ValidationError(ESTIMATE_NOT_OPEN, code="no_open_estimate")
    if estimate.version != version:
        raise ValidationError(ESTIMATE_CHANGED, code="estimate_changed",
                              params={"version": estimate.version})
    estimate.accepted_by = by
    estimate.accepted_at = now
    estimate.save(update_fields=["accepted_by", "accepted_at"])
    CaseEvent.objects.create(case=case, at=now, actor=by, kind=CaseEvent.Kind.ESTIMATE_ACCEPTED,
                             details={"version": estimate.version, "amount": str(estimate.amount),
                                      "currency": estimate.currency})
    notify(case=case, recipient=case.assignee, template="estimate_accepted",
           amount=str(estimate.amount), currency=estimate.currency, version=estimate.version)
    return estimate


RECOMPUTE_CHUNK = 1000


def case_deadlines_recompute_for_office(*, office: str) -> int:
    """After a calendar change: recompute the SLA instants of every open bug of the office.

    Chunk by chunk under row locks, reading the level inside the lock: a level change that
    commits meanwhile either waits for the chunk or is read by it, never overwritten."""
    open_bugs = Case.objects.filter(office=office, category=Category.SOFTWARE_BUG,
                                    state__in=OPEN_STATES)
    ids = list(open_bugs.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), RECOMPUTE_CHUNK):
        with transaction.atomic():
            chunk = list(open_bugs.filter(pk__in=ids[start:start + RECOMPUTE_CHUNK])
                         .select_for_update(of=("self",)).order_by("pk")
                         .only("pk", "registered_at", "service_level", "office", "category"))
            for case in chunk:
                _apply_sla(case)
            Case.objects.bulk_update(chunk, ["start_deadline", "start_at_risk_from",
                                             "resolution_goal"], batch_size=RECOMPUTE_CHUNK)
            changed += len(chunk)
    return changed


def sla_targets_recompute(*, office: str | None = None) -> int:
    """Recompute every case's SLA instants and time to start from its own history (the
    registration and the start of work, which never change) on today's calendars: after a
    holiday or opening hours were corrected, the reports count the past the same way.
    Chunked and locked like the open-case recompute; returns how many cases were written."""
    cases = Case.objects.all() if office is None else Case.objects.filter(office=office)
    ids = list(cases.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), RECOMPUTE_CHUNK):
        with transaction.atomic():
            chunk = list(Case.objects.filter(pk__in=ids[start:start + RECOMPUTE_CHUNK])
                         .select_for_update(of=("self",)).order_by("pk")
                         .only("pk", "registered_at", "service_level", "office", "category",
                               "work_started_at"))
            for case in chunk:
                _apply_sla(case)
                _store_time_to_start(case)
            Case.objects.bulk_update(chunk, ["start_deadline", "start_at_risk_from",
                                             "resolution_goal", "start_open_seconds"],
                                     batch_size=RECOMPUTE_CHUNK)
    return len(ids)
