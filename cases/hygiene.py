"""Case hygiene: merging a duplicate into the case that stays, linking related cases of the
same customer, and specialists watching cases (also of another team). Writes, one
transaction each, the clock passed as ``now``; authorization is that of cases.services."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import last_word, services
from .hygiene_rules import MERGED_CASE_READ_ONLY, link_pair, mentions_in
from .mentions import mentions_notify
from .models import Attachment, Case, CaseEvent, CaseLink, CaseWatch, Message
from .notifications import notify
from .workflows import State

__all__ = ["case_merge", "case_link", "case_unlink", "case_watch", "case_unwatch",
           "mentions_in", "mentions_notify", "MERGED_CASE_READ_ONLY"]

MERGE_SAME_CASE = _("A case cannot be merged into itself.")
MERGE_OTHER_CUSTOMER = _("Only cases of the same customer can be merged.")
MERGE_ALREADY_MERGED = _("Case %(number)s has already been merged into another case.")
LINK_SAME_CASE = _("A case cannot be linked to itself.")
LINK_OTHER_CUSTOMER = _("Only cases of the same customer can be linked.")
LINK_EXISTS = _("The cases are already linked.")
LINK_MISSING = _("The cases are not linked.")
LINK_MERGED = _("Case %(number)s was merged into another case; link that case instead.")


def _locked_pair(first: Case, second: Case, *, by: User, same_case: Promise,
                 other_customer: Promise) -> tuple[Case, Case]:
    """Staff only, two different cases of one customer, both rows locked in pk order: two
    merges or links of the same pair, started from either side, then queue behind each
    other instead of deadlocking. The customer is checked on the locked rows, since a
    concurrent merge may have changed them since they were read."""
    _check_staff(by)
    if first.pk == second.pk:
        raise ValidationError(same_case, code="same_case")
    locked = {case.pk: services._lock(case) for case in sorted((first, second),
                                                                key=lambda c: c.pk)}
    first, second = locked[first.pk], locked[second.pk]
    if first.customer_id != second.customer_id:
        raise ValidationError(other_customer, code="other_customer")
    return first, second


def _check_staff(by: User) -> None:
    if not by.is_staff:
        raise PermissionDenied(services.NOT_STAFF)


def _check_not_merged(*cases: Case, message: Promise = MERGE_ALREADY_MERGED) -> None:
    for case in cases:
        if case.merged_into_id is not None:
            raise ValidationError(message, code="already_merged", params={"number": case.number})


@transaction.atomic
def case_merge(*, duplicate: Case, into: Case, by: User, now: datetime) -> Case:
    """Merge ``duplicate`` into ``into`` (both of one customer, neither merged already,
    and a specialist who may work on both). The duplicate's messages and attachments move
    to ``into`` with their original times, so its conversation holds both; the duplicate is
    closed, points to ``into``, and keeps its own history. Its reporter is told by email.
    Returns ``into``, as locked and re-read."""
    duplicate, into = _locked_pair(duplicate, into, by=by, same_case=MERGE_SAME_CASE,
                                   other_customer=MERGE_OTHER_CUSTOMER)
    _check_not_merged(duplicate, into)
    services._authorize(by, duplicate)
    services._authorize(by, into)

    # The duplicate's own text opens its part of the conversation (at its registration
    # time), with the files it was registered with, so nothing of it is missing on ``into``.
    opening = Message.objects.create(case=into, author=duplicate.reporter,
                                     body=duplicate.description, created_at=duplicate.registered_at)
    loose = Attachment.objects.filter(case=duplicate, message__isnull=True).update(
        case=into, message=opening)
    moved_messages = Message.objects.filter(case=duplicate).update(case=into)
    last_word.refresh(case_ids=[duplicate.pk, into.pk])  # update() sends no signals
    moved_files = Attachment.objects.filter(case=duplicate).update(case=into) + loose
    _carry_over_links_and_watchers(duplicate=duplicate, into=into, by=by, now=now)
    # A case merged into the duplicate earlier now points to where its messages went.
    Case.objects.filter(merged_into=duplicate).update(merged_into=into)

    source = duplicate.state
    duplicate.merged_into = into
    update = ["merged_into", "updated_at"]
    if source != State.CLOSED:
        # Closed directly, not through the workflow's closing move (case_transition): that
        # move means "answered" — it starts the reopening window and the rating, and mails a
        # state change on top of the merge email — and several states (an order in work, a
        # planned bug) have no closing move at all, yet a duplicate must close from any of
        # them. The event says why it closed.
        duplicate.state = State.CLOSED
        duplicate.closed_at = now
        update += ["state", "closed_at"]
    duplicate.save(update_fields=update)
    if source != State.CLOSED:
        CaseEvent.objects.create(case=duplicate, at=now, actor=by,
                                 kind=CaseEvent.Kind.STATE_CHANGED, from_state=source,
                                 to_state=State.CLOSED,
                                 details={"note": "merged", "number": into.number})
    CaseEvent.objects.create(case=duplicate, at=now, actor=by, kind=CaseEvent.Kind.MERGED_INTO,
                             details={"number": into.number})
    CaseEvent.objects.create(case=into, at=now, actor=by, kind=CaseEvent.Kind.MERGED_FROM,
                             details={"number": duplicate.number, "messages": moved_messages,
                                      "attachments": moved_files})
    into.save(update_fields=["updated_at"])
    notify(case=duplicate, recipient=duplicate.reporter, template="case_merged",
           into_number=into.number, into_subject=into.subject)
    return into


def _carry_over_links_and_watchers(*, duplicate: Case, into: Case, by: User,
                                   now: datetime) -> None:
    """``into`` takes over the duplicate's related cases and its watchers (who followed
    the conversation that now continues there); the duplicate keeps its own rows."""
    others = {pk for pair in CaseLink.objects.filter(Q(case=duplicate) | Q(other=duplicate))
              .values_list("case_id", "other_id") for pk in pair} - {duplicate.pk, into.pk}
    CaseLink.objects.bulk_create(
        [CaseLink(case_id=first, other_id=second, created_by=by, created_at=now)
         for first, second in (link_pair(into.pk, other) for other in sorted(others))],
        ignore_conflicts=True)
    CaseWatch.objects.bulk_create(
        [CaseWatch(case=into, user_id=user_id, created_at=now) for user_id in
         CaseWatch.objects.filter(case=duplicate).values_list("user_id", flat=True)],
        ignore_conflicts=True)


def _link_checked(*, case: Case, other: Case, by: User) -> tuple[Case, Case]:
    case, other = _locked_pair(case, other, by=by, same_case=LINK_SAME_CASE,
                               other_customer=LINK_OTHER_CUSTOMER)
    # Linking is work on ``case``; ``other`` is only named, and every specialist may read it.
    services._authorize(by, case)
    return case, other


@transaction.atomic
def case_link(*, case: Case, other: Case, by: User, now: datetime) -> CaseLink:
    """Mark two cases of one customer as related; both histories say so."""
    case, other = _link_checked(case=case, other=other, by=by)
    _check_not_merged(case, other, message=LINK_MERGED)
    first, second = link_pair(case.pk, other.pk)
    if CaseLink.objects.filter(case_id=first, other_id=second).exists():
        raise ValidationError(LINK_EXISTS, code="exists")
    link = CaseLink.objects.create(case_id=first, other_id=second, created_by=by, created_at=now)
    for here, there in ((case, other), (other, case)):
        CaseEvent.objects.create(case=here, at=now, actor=by, kind=CaseEvent.Kind.LINKED,
                                 details={"number": there.number})
    return link


@transaction.atomic
def case_unlink(*, case: Case, other: Case, by: User, now: datetime) -> None:
    case, other = _link_checked(case=case, other=other, by=by)
    first, second = link_pair(case.pk, other.pk)
    deleted, _rows = CaseLink.objects.filter(case_id=first, other_id=second).delete()
    if not deleted:
        raise ValidationError(LINK_MISSING, code="missing")
    for here, there in ((case, other), (other, case)):
        CaseEvent.objects.create(case=here, at=now, actor=by, kind=CaseEvent.Kind.UNLINKED,
                                 details={"number": there.number})


@transaction.atomic
def case_watch(*, case: Case, user: User, now: datetime) -> CaseWatch:
    """Any specialist may watch any case: every specialist reads every case, and watching
    changes nothing on it (so no history event, and nothing the customer sees). Watching
    twice is no error."""
    _check_staff(user)
    watch, _created = CaseWatch.objects.get_or_create(case=case, user=user,
                                                      defaults={"created_at": now})
    return watch


@transaction.atomic
def case_unwatch(*, case: Case, user: User, now: datetime) -> bool:
    """Whether ``user`` was watching."""
    del now  # nothing is recorded; the calling convention of the services is kept
    deleted, _rows = CaseWatch.objects.filter(case=case, user=user).delete()
    return bool(deleted)
