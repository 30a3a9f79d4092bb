"""Reads of case hygiene: what a case page shows of merges and links. Customer-facing reads
start from customers.access, and check both ends of a link, so a row that names another
customer's case (which the services never write) still shows nothing of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from accounts.models import User
from customers.access import scope_to_customer

from .models import Case, CaseLink, CaseWatch

_SHOWN = ("pk", "number", "subject", "state", "category", "customer_id")


@dataclass(frozen=True)
class CaseHygiene:
    merged_into: Case | None = None
    merged_cases: list[Case] = field(default_factory=list)
    linked: list[Case] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.merged_into or self.merged_cases or self.linked)


def _hygiene(case: Case, *, cases: QuerySet[Case], links: QuerySet[CaseLink]) -> CaseHygiene:
    """``case``'s merges and links among ``cases``, by ``links``. The duplicates and the related
    cases come in one query: most cases have neither, and every page view would otherwise
    pay for two."""
    cases = cases.only(*_SHOWN, "merged_into_id")
    merged_into = (cases.filter(pk=case.merged_into_id).first()
                   if case.merged_into_id is not None else None)
    linked_to, linked_from = (links.filter(case=case).values("other_id").order_by(),
                              links.filter(other=case).values("case_id").order_by())
    is_linked = Q(pk__in=linked_to) | Q(pk__in=linked_from)
    # One id list (a UNION) rather than an OR of the three conditions: PostgreSQL answers an
    # OR of IN-subqueries by scanning all the customer's cases (15 ms at 10,000 cases).
    related_ids = linked_to.union(linked_from,
                                  Case.objects.filter(merged_into=case).values("pk").order_by())
    related = list(cases.filter(pk__in=related_ids)
                   .annotate(is_linked=ExpressionWrapper(is_linked, output_field=BooleanField()))
                   .order_by("registered_at"))
    return CaseHygiene(merged_into=merged_into,
                       merged_cases=[other for other in related if other.merged_into_id == case.pk],
                       linked=[other for other in related if other.is_linked])


def case_hygiene_for_user(*, user: User, case: Case) -> CaseHygiene:
    """For the portal's case page: the case this one was merged into, the duplicates merged
    into it, and its related cases — only those of the user's own customer."""
    return _hygiene(case, cases=scope_to_customer(Case.objects.all(), user=user),
                    links=scope_to_customer(CaseLink.objects.all(), user=user))


def case_hygiene_for_staff(*, case: Case) -> CaseHygiene:
    """For admin, where specialists read every case; still only the case's own customer's
    cases, as the services write them."""
    return _hygiene(case, cases=Case.objects.filter(customer_id=case.customer_id),
                    links=CaseLink.objects.all())


def case_watched_by(*, case: Case, user: User) -> bool:
    return CaseWatch.objects.filter(case=case, user=user).exists()
