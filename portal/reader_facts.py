"""What every portal page shows about its reader — may they register cases, how many
release notes wait unread — remembered in their session.

Asking the database on every page cost two queries with nested subqueries, a fifth of the
CPU of an empty page. The session keeps the answers together with the customer's
``portal_version``, which `portal.receivers` raise on every write those answers depend on;
the customer row itself comes with the user (accounts.backends), so a page whose facts have
not changed asks the database nothing for them. Writes never trust this: they decide on
``superuser_eligibility(cached=False)``.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

from django.http import HttpRequest

from academy.selectors import unread_release_count
from customers.models import PaymentStatus
from superusers.rules import Eligibility, Ineligibility, eligibility
from superusers.selectors import superuser_access_flags

SESSION_KEY = "portal_reader_facts"


@dataclass(frozen=True)
class ReaderFacts:
    has_seat: bool
    has_training: bool
    unread_releases: int


def reader_facts(request: HttpRequest) -> ReaderFacts | None:
    """The reader's facts; None for anyone who is not a customer's person.

    Also remembers the eligibility they give for the rest of the request (unless the request
    has already asked the database), so every display of it on the page — the navigation,
    the case page's support-login panel — reads the same answer without a query.
    """
    user = request.user
    if not user.is_authenticated or user.customer_id is None:
        return None
    customer = user.customer
    stamp = [user.pk, user.customer_id, customer.portal_version]
    session = getattr(request, "session", None)  # none on a bare RequestFactory request
    stored = session.get(SESSION_KEY) if session is not None else None
    if stored and stored[0] == stamp:
        facts = ReaderFacts(*stored[1])
    else:
        has_seat, has_training = superuser_access_flags(user=user)
        facts = ReaderFacts(has_seat=has_seat, has_training=has_training,
                            unread_releases=unread_release_count(user=user) if has_seat else 0)
        if session is not None:
            session[SESSION_KEY] = [stamp, list(astuple(facts))]
    if getattr(user, "_support_eligibility", None) is None:
        user._support_eligibility = eligibility(
            has_seat=facts.has_seat, customer_active=customer.is_active,
            payment_overdue=customer.payment_status == PaymentStatus.OVERDUE,
            trained_modules=int(facts.has_training))
    return facts


def reader_eligibility(request: HttpRequest) -> Eligibility:
    """`superuser_eligibility` for showing: from the session's facts and the customer row."""
    if reader_facts(request) is None:
        return Eligibility(Ineligibility.NO_SEAT)
    return request.user._support_eligibility
