"""Reads on support logins. Customer-facing ones start from customers.access; every "does it
give access" question compares the grant's instants with the `now` passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CostEstimate
from cases.workflows import Category, State
from customers.access import get_for_customer_or_404, scope_to_customer
from sla.calendar import to_local
from sla.rules import (
    CONSULTANT_GRANT_PRESET,
    GrantPresetNotAllowed,
    UnknownGrantPreset,
    grant_expiry,
    grant_presets_offered,
)
from sla.services import calendar_table_get
from superusers.models import SuperUserSeat
from superusers.rules import Ineligibility
from superusers.selectors import superuser_eligibility

from .models import GrantKind, Preset, SupportLoginGrant, SupportLoginUse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

__all__ = [
    "CASE_CLOSED",
    "CONSULTANT",
    "CONSULTANT_NEEDS_ACCEPTED_ORDER",
    "CUSTOMER_INACTIVE",
    "NOT_A_SUPERUSER",
    "PAYMENT_OVERDUE",
    "PRESET_72H_FRIDAYS_ONLY",
    "STAFF_CANNOT_GRANT",
    "UNKNOWN_CHOICE",
    "GrantTerms",
    "grant_choices_for_case",
    "grant_get_for_user",
    "grant_list_active_for_case",
    "grant_list_for_user",
    "grant_refusal_for",
    "grant_terms",
    "revoke_refusal_for",
]

# The choice that stands for consultant access on an accepted order (24 hours).
CONSULTANT = "consultant"

NOT_A_SUPERUSER = _("Only a SuperUser of the customer can grant or revoke support logins. "
                    "Ask your company's SuperUser, or our customer centre for a SuperUser seat.")
STAFF_CANNOT_GRANT = _("Support logins are granted and revoked by the customer's SuperUsers, "
                       "never by our staff.")
CUSTOMER_INACTIVE = _("Your company's customer account is not active, so support logins cannot "
                      "be granted. Please contact our customer centre.")
PAYMENT_OVERDUE = _("Your company has overdue payments, so support logins cannot be granted. "
                    "Please contact our invoicing department.")
PRESET_72H_FRIDAYS_ONLY = _("A 72-hour support login can only be granted on a Friday (office "
                            "time). Today is %(weekday)s: choose 8 working hours or 24 hours.")
UNKNOWN_CHOICE = _("Choose how long the support login lasts.")
CONSULTANT_NEEDS_ACCEPTED_ORDER = _("Consultant access is granted on an order whose cost estimate "
                                    "has been accepted.")
CASE_CLOSED = _("This case is closed. Register a new case to grant a support login.")


def _has_seat(user: User) -> bool:
    return SuperUserSeat.objects.filter(user=user, licence__customer_id=user.customer_id).exists()


_GRANT_REFUSALS = {
    Ineligibility.NO_SEAT: NOT_A_SUPERUSER,
    Ineligibility.CUSTOMER_INACTIVE: CUSTOMER_INACTIVE,
    Ineligibility.PAYMENT_OVERDUE: PAYMENT_OVERDUE,
}


def grant_refusal_for(*, user: User | AnonymousUser, cached: bool = True) -> str | None:
    """Why `user` may not grant a support login now, or None when they may.

    A SuperUser (a seat on an active licence) of an active customer without overdue payments
    may; module training does not matter here (it is about registering cases). Reuses the
    request's eligibility verdict; writes pass ``cached=False``."""
    if not user.is_authenticated:
        return NOT_A_SUPERUSER
    if user.is_staff:
        return STAFF_CANNOT_GRANT
    verdict = superuser_eligibility(user=user, cached=cached)
    return _GRANT_REFUSALS.get(verdict.reason)


def revoke_refusal_for(*, user: User | AnonymousUser) -> str | None:
    """Why `user` may not revoke the customer's support logins, or None when they may.

    Deliberately looser than granting: taking access back must stay possible for any seat
    holder, also with an inactive licence, an inactive customer or overdue payments."""
    if not user.is_authenticated:
        return NOT_A_SUPERUSER
    if user.is_staff:
        return STAFF_CANNOT_GRANT
    if user.customer_id is None or not _has_seat(user):
        return NOT_A_SUPERUSER
    return None


def _estimate_accepted(case: Case) -> bool:
    """The order's current estimate is accepted (an accepted earlier version that staff
    have since replaced does not count)."""
    if case.category != Category.ORDER:
        return False
    current = CostEstimate.objects.current_for(case)
    return current is not None and current.is_accepted


def grant_choices_for_case(*, case: Case, now: datetime) -> list[tuple[str, str]]:
    """What the grant form offers at `now`: the presets of the day (72 h only on an
    office-local Friday), and consultant access on an order with an accepted estimate."""
    offered = grant_presets_offered(calendar_table_get(case.office), now)
    choices = [(preset.value, str(Preset(preset.value).label)) for preset in offered]
    if _estimate_accepted(case):
        choices.append((CONSULTANT, str(_("Consultant setup change on the accepted order: 24 hours"))))
    return choices


@dataclass(frozen=True)
class GrantTerms:
    kind: GrantKind
    preset: Preset
    granted_at: datetime
    expires_at: datetime


def grant_terms(*, case: Case, choice: str, now: datetime) -> GrantTerms:
    """The grant that `choice` (a preset code, or CONSULTANT) would make at `now` on `case`.

    The confirmation page shows these terms and the grant service applies the same function,
    so the expiry shown is the expiry granted. Raises ValidationError for a refused choice."""
    if case.state == State.CLOSED:
        raise ValidationError(CASE_CLOSED, code="case_closed")
    table = calendar_table_get(case.office)
    if choice == CONSULTANT:
        if not _estimate_accepted(case):
            raise ValidationError(CONSULTANT_NEEDS_ACCEPTED_ORDER, code="no_accepted_order")
        kind, preset = GrantKind.CONSULTANT, CONSULTANT_GRANT_PRESET.value
    else:
        kind, preset = GrantKind.SUPPORT, choice
    try:
        expires_at = grant_expiry(table, now, preset)
    except GrantPresetNotAllowed:
        weekday = formats.date_format(to_local(table, now), "l")
        raise ValidationError(PRESET_72H_FRIDAYS_ONLY, code="preset_not_allowed",
                              params={"weekday": weekday}) from None
    except UnknownGrantPreset:
        raise ValidationError(UNKNOWN_CHOICE, code="unknown_preset") from None
    return GrantTerms(kind=kind, preset=Preset(preset), granted_at=now, expires_at=expires_at)


def grant_list_for_user(*, user: User) -> QuerySet[SupportLoginGrant]:
    """The user's customer's grants, newest first, with who granted, revoked and used them."""
    uses = SupportLoginUse.objects.select_related("specialist").order_by("at", "pk")
    return (scope_to_customer(SupportLoginGrant.objects.all(), user=user)
            .select_related("case", "granted_by", "revoked_by")
            .prefetch_related(Prefetch("uses", queryset=uses))
            .order_by("-granted_at", "-pk"))


def grant_get_for_user(*, user: User, pk: int) -> SupportLoginGrant:
    """One of the user's customer's grants; another customer's is a 404 like a missing one."""
    return get_for_customer_or_404(
        SupportLoginGrant.objects.select_related("case", "granted_by", "revoked_by"),
        user=user, pk=pk)


def grant_list_active_for_case(*, case: Case, now: datetime) -> list[SupportLoginGrant]:
    """What the case page's panel shows: kind and end of each (who granted it, the list of
    all grants shows). The query asks only for the unexpired ones, by the case's index, and
    the model's ``is_active_at`` sorts out the few revoked or not yet begun: the full
    ``active_at_q`` cost more to build than to run, on every case page."""
    unexpired = (SupportLoginGrant.objects.filter(case=case, expires_at__gt=now)
                 .only("pk", "case_id", "customer_id", "kind", "granted_at", "expires_at",
                       "revoked_at")
                 .order_by("expires_at", "pk"))
    return [grant for grant in unexpired if grant.is_active_at(now)]
