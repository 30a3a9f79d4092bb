"""Writes on support logins: grant, consultant access, revoke, use, and the expiry job's work.

Each runs in one transaction, takes the clock as `now`, writes an audit entry
(`support_login.grant`, `.use`, `.revoke`, `.expire`) and tells the case thread. Refusals
raise ValidationError (the request is wrong now) or PermissionDenied (wrong person), with
the module constants below as messages, and change nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases.models import Case, Message
from cases.notifications import notify
from cases.services import NOT_YOUR_CASE
from sla.presentation import office_clock, office_datetime_long
from sla.services import calendar_table_get

from .models import SupportLoginGrant, SupportLoginUse, active_at_q
from .presentation import EVENT_EXPIRED, EVENT_GRANTED, EVENT_REVOKED
from .selectors import (
    CONSULTANT,
    CONSULTANT_NEEDS_ACCEPTED_ORDER,
    grant_refusal_for,
    grant_terms,
    revoke_refusal_for,
)

if TYPE_CHECKING:
    from accounts.models import User

__all__ = [
    "ALREADY_ACTIVE",
    "ALREADY_ENDED",
    "ALREADY_REVOKED",
    "CONSULTANT_NEEDS_ACCEPTED_ORDER",
    "EXPIRY_CHANGED",
    "EXPIRY_DRIFT_TOLERANCE",
    "GRANT_EXPIRED",
    "GRANT_REVOKED",
    "NOT_YOUR_CASE",
    "USE_STAFF_ONLY",
    "consultant_access_grant",
    "support_login_grant",
    "support_login_grants_expire",
    "support_login_revoke",
    "support_login_use",
]

ALREADY_ACTIVE = _("This case already has an active support login of this kind, until "
                   "%(until)s. Revoke it first if you want to grant a new one.")
EXPIRY_CHANGED = _("The end of the support login has moved since the confirmation page was "
                   "shown: it would now be %(until)s. Please check and confirm again.")
ALREADY_REVOKED = _("This support login was already revoked; nothing was changed.")
ALREADY_ENDED = _("This support login already ended at %(ended)s; nothing was changed.")
GRANT_EXPIRED = _("This support login expired at %(ended)s: it gives no access any more.")
GRANT_REVOKED = _("This support login was revoked at %(ended)s: it gives no access any more.")
USE_STAFF_ONLY = _("Only our product specialists log in on a support login.")

# The confirmation page shows an expiry computed when it was rendered; confirming a few
# minutes later moves an "8 working hours" grant by those minutes, which the SuperUser has
# in effect agreed to. A larger move (the office closed meanwhile, Friday ended) needs a
# new confirmation.
EXPIRY_DRIFT_TOLERANCE = timedelta(minutes=5)

def _thread_note(*, grant: SupportLoginGrant, author: User | None, event_kind: str,
                 now: datetime, **params: Any) -> Message:
    """A public note in the case conversation: the customer and the specialists both see
    when access began and ended. Written directly (not via case_message_add) because a note
    of the system is no reply: it must not notify as one, nor be refused on a closed case.
    Stored as kind + parameters (instants in ISO), worded in each reader's language when
    shown (`portal.events.message_text`)."""
    return Message.objects.create(
        case=grant.case, author=author, body="", is_internal=False, created_at=now,
        event_kind=event_kind,
        event_params={"grant": grant.pk, "kind": grant.kind, "office": grant.case.office,
                      **params})


def _check_granter(*, by: User, case: Case) -> None:
    refusal = grant_refusal_for(user=by, cached=False)
    if refusal is not None:
        raise PermissionDenied(refusal)
    if by.customer_id != case.customer_id:
        # Views 404 before this (their queries are scoped); this guards every other caller.
        raise PermissionDenied(NOT_YOUR_CASE)


def _grant(*, case: Case, by: User, choice: str, now: datetime, reason: str,
           shown_expires_at: datetime | None, ip_address: str | None) -> SupportLoginGrant:
    _check_granter(by=by, case=case)
    # The case row lock serialises grants on one case: two clicks make one grant.
    case = Case.objects.select_for_update().get(pk=case.pk)
    terms = grant_terms(case=case, choice=choice, now=now)
    table = calendar_table_get(case.office)
    if shown_expires_at is not None and abs(terms.expires_at - shown_expires_at) > EXPIRY_DRIFT_TOLERANCE:
        raise ValidationError(EXPIRY_CHANGED, code="expiry_changed",
                              params={"until": office_clock(table, terms.expires_at)})
    running = (SupportLoginGrant.objects.filter(active_at_q(now), case=case, kind=terms.kind)
               .order_by("-expires_at").first())
    if running is not None:
        raise ValidationError(ALREADY_ACTIVE, code="already_active",
                              params={"until": office_clock(table, running.expires_at)})
    grant = SupportLoginGrant(
        customer_id=case.customer_id, case=case, granted_by=by, kind=terms.kind,
        preset=terms.preset, reason=reason.strip(), granted_at=now, expires_at=terms.expires_at)
    grant.full_clean()
    grant.save()
    audit_record(actor=by, action="support_login.grant", subject=grant,
                 customer_id=case.customer_id, ip_address=ip_address,
                 details={"case": case.number, "kind": grant.kind, "preset": grant.preset,
                          "granted_at": now.isoformat(),
                          "expires_at": grant.expires_at.isoformat()})
    _thread_note(grant=grant, author=by, event_kind=EVENT_GRANTED, now=now,
                 preset=grant.preset, until=grant.expires_at.isoformat(), reason=grant.reason)
    notify(case=case, recipient=case.assignee, template="support_login_granted",
           grant_id=grant.pk, kind=grant.kind, preset=grant.preset,
           expires_at=grant.expires_at.isoformat(), reason=grant.reason)
    return grant


@transaction.atomic
def support_login_grant(*, case: Case, by: User, preset: str, now: datetime, reason: str = "",
                        shown_expires_at: datetime | None = None,
                        ip_address: str | None = None) -> SupportLoginGrant:
    """A SuperUser of the case's customer lets our specialists into its system for this case.

    `preset` is "8wh", "24h" or "72h" (Fridays only, office-local date), or the consultant
    choice. `shown_expires_at` is the expiry the SuperUser confirmed; when the expiry computed
    now differs by more than EXPIRY_DRIFT_TOLERANCE, nothing is granted (EXPIRY_CHANGED)."""
    return _grant(case=case, by=by, choice=preset, now=now, reason=reason,
                  shown_expires_at=shown_expires_at, ip_address=ip_address)


@transaction.atomic
def consultant_access_grant(*, case: Case, by: User, now: datetime, reason: str = "",
                            shown_expires_at: datetime | None = None,
                            ip_address: str | None = None) -> SupportLoginGrant:
    """Ordering a consultant setup change grants 24 hours (rule book §4): usable on an order
    whose cost estimate the customer has accepted."""
    return _grant(case=case, by=by, choice=CONSULTANT, now=now, reason=reason,
                  shown_expires_at=shown_expires_at, ip_address=ip_address)


@transaction.atomic
def support_login_revoke(*, grant: SupportLoginGrant, by: User, now: datetime,
                         ip_address: str | None = None) -> SupportLoginGrant:
    """Any SuperUser of the customer takes the access back, from this second on."""
    refusal = revoke_refusal_for(user=by)
    if refusal is not None:
        raise PermissionDenied(refusal)
    if by.customer_id != grant.customer_id:
        raise PermissionDenied(NOT_YOUR_CASE)
    grant = SupportLoginGrant.objects.select_for_update().select_related("case").get(pk=grant.pk)
    table = calendar_table_get(grant.case.office)
    if grant.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED, code="already_revoked")
    if not grant.is_active_at(now):
        raise ValidationError(ALREADY_ENDED, code="already_ended",
                              params={"ended": office_clock(table, grant.expires_at)})
    grant.revoked_at = now
    grant.revoked_by = by
    grant.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=by, action="support_login.revoke", subject=grant,
                 customer_id=grant.customer_id, ip_address=ip_address,
                 details={"case": grant.case.number, "kind": grant.kind,
                          "revoked_at": now.isoformat(),
                          "expires_at": grant.expires_at.isoformat()})
    _thread_note(grant=grant, author=by, event_kind=EVENT_REVOKED, now=now,
                 until=grant.expires_at.isoformat())
    notify(case=grant.case, recipient=grant.case.assignee, template="support_login_revoked",
           grant_id=grant.pk, kind=grant.kind, expires_at=grant.expires_at.isoformat())
    return grant


@transaction.atomic
def support_login_use(*, grant: SupportLoginGrant, specialist: User, now: datetime,
                      ip_address: str | None = None) -> SupportLoginUse:
    """A specialist is logging in to the customer's system on `grant` now.

    Refused unless the grant is active at `now` by its own instants: an expired or revoked
    grant gives no access from that second on, whether or not the beat job has run."""
    if not specialist.is_staff:
        raise PermissionDenied(USE_STAFF_ONLY)
    # The lock orders a use and a concurrent revocation: never a use after a revocation.
    grant = SupportLoginGrant.objects.select_for_update().select_related("case").get(pk=grant.pk)
    if not grant.is_active_at(now):
        table = calendar_table_get(grant.case.office)
        revoked = grant.revoked_at is not None and grant.revoked_at <= now
        message, ended = (GRANT_REVOKED, grant.revoked_at) if revoked else (GRANT_EXPIRED,
                                                                            grant.expires_at)
        raise ValidationError(message, code="revoked" if revoked else "expired",
                              params={"ended": office_datetime_long(table, ended)})
    use = SupportLoginUse.objects.create(grant=grant, specialist=specialist, at=now)
    audit_record(actor=specialist, action="support_login.use", subject=grant,
                 customer_id=grant.customer_id, ip_address=ip_address,
                 details={"case": grant.case.number, "at": now.isoformat(),
                          "expires_at": grant.expires_at.isoformat()})
    return use


def _expire_one(grant: SupportLoginGrant, *, now: datetime) -> None:
    """Must be called holding a SELECT FOR UPDATE lock on `grant`."""
    grant.expiry_processed_at = now
    grant.save(update_fields=["expiry_processed_at"])
    audit_record(actor=None, action="support_login.expire", subject=grant,
                 customer_id=grant.customer_id,
                 details={"case": grant.case.number, "expires_at": grant.expires_at.isoformat(),
                          "processed_at": now.isoformat()})
    _thread_note(grant=grant, author=None, event_kind=EVENT_EXPIRED, now=now,
                 ended=grant.expires_at.isoformat())
    notify(case=grant.case, recipient=grant.granted_by, template="support_login_expired",
           grant_id=grant.pk, kind=grant.kind, expires_at=grant.expires_at.isoformat())


def support_login_grants_expire(*, now: datetime, batch_size: int = 100) -> int:
    """Announce every grant that expired by `now` and is not announced yet; returns how many.

    Idempotent and safe beside another run: each batch locks its rows with SKIP LOCKED, so
    two workers never take the same grant, and a processed grant is never taken again.
    After an outage it catches up, grant by grant, with the true expiry in each note.
    Access itself never waits for this: it ends at `expires_at` (see `is_active_at`)."""
    processed = 0
    while True:
        with transaction.atomic():
            batch = list(
                SupportLoginGrant.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(expires_at__lte=now, revoked_at__isnull=True,
                        expiry_processed_at__isnull=True)
                .select_related("case", "granted_by", "customer")
                .order_by("expires_at", "pk")[:batch_size])
            for grant in batch:
                _expire_one(grant, now=now)
        processed += len(batch)
        if len(batch) < batch_size:
            return processed
