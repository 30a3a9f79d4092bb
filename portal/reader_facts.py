"""What every portal page shows about its reader — may they register cases, on which
modules, how many release notes wait unread — remembered in their session.

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
from superusers.selectors import superuser_holds_seat, superuser_trained_modules

# Named after the layout of what it holds, so a session written before a change of it is
# read as "not remembered" rather than misread.
SESSION_KEY = "portal_reader_facts.2"

# (pk, name, name_sv, name_fi, name_en), by name: see customers.models.module_name_in.
ModuleNames = tuple[int, str, str, str, str]


@dataclass(frozen=True)
class ReaderFacts:
    has_seat: bool
    # The modules they may report cases on (superusers.selectors.superuser_trained_modules).
    trained_modules: tuple[ModuleNames, ...]
    unread_releases: int

    @property
    def has_training(self) -> bool:
        return bool(self.trained_modules)


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
        has_seat, modules, unread = stored[1]
        facts = ReaderFacts(has_seat, tuple(map(tuple, modules)), unread)
    else:
        has_seat = superuser_holds_seat(user=user)
        facts = ReaderFacts(
            has_seat=has_seat,
            trained_modules=tuple(superuser_trained_modules(user=user).values_list(
                "pk", "name", "name_sv", "name_fi", "name_en")),
            unread_releases=unread_release_count(user=user) if has_seat else 0)
        if session is not None:
            session[SESSION_KEY] = [stamp, list(astuple(facts))]
    if getattr(user, "_support_eligibility", None) is None:
        user._support_eligibility = eligibility(
            has_seat=facts.has_seat, customer_active=customer.is_active,
            payment_overdue=customer.payment_status == PaymentStatus.OVERDUE,
            trained_modules=len(facts.trained_modules))
    return facts


def reader_eligibility(request: HttpRequest) -> Eligibility:
    """`superuser_eligibility` for showing: from the session's facts and the customer row."""
    if reader_facts(request) is None:
        return Eligibility(Ineligibility.NO_SEAT)
    return request.user._support_eligibility
