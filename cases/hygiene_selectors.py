"""Reads of case hygiene: what a case page shows of merges and links. Customer-facing reads
start from customers.access, and check both ends of a link, so a row that names another
customer's case (which the services never write) still shows nothing of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q

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


def _linked_ids(case: Case, links) -> list[int]:
    return [other if first == case.pk else first
            for first, other in links.values_list("case_id", "other_id")]


def case_hygiene_for_user(*, user: User, case: Case) -> CaseHygiene:
    """For the portal's case page: the case this one was merged into, the duplicates merged
    into it, and its related cases — only those of the user's own customer. The duplicates
    and the related cases come in one query: most cases have neither, and every page view
    would otherwise pay for two."""
    own_cases = scope_to_customer(Case.objects.all(), user=user).only(*_SHOWN, "merged_into_id")
    merged_into = (own_cases.filter(pk=case.merged_into_id).first()
                   if case.merged_into_id is not None else None)
    links = scope_to_customer(CaseLink.objects.all(), user=user)
    linked_ids = (links.filter(case=case).values("other_id").order_by(),
                  links.filter(other=case).values("case_id").order_by())
    is_linked = Q(pk__in=linked_ids[0]) | Q(pk__in=linked_ids[1])
    # One id list (a UNION) rather than an OR of the three conditions: PostgreSQL answers an
    # OR of IN-subqueries by scanning all the customer's cases (15 ms at 10,000 cases).
    related_ids = linked_ids[0].union(linked_ids[1],
                                      Case.objects.filter(merged_into=case).values("pk").order_by())
    related = list(own_cases.filter(pk__in=related_ids)
                   .annotate(is_linked=ExpressionWrapper(is_linked, output_field=BooleanField()))
                   .order_by("registered_at"))
    return CaseHygiene(merged_into=merged_into,
                       merged_cases=[other for other in related if other.merged_into_id == case.pk],
                       linked=[other for other in related if other.is_linked])


def case_hygiene_for_staff(*, case: Case) -> CaseHygiene:
    """For admin, where specialists read every case; still only the case's own customer's
    cases, as the services write them."""
    same_customer = Case.objects.filter(customer_id=case.customer_id).only(*_SHOWN)
    links = CaseLink.objects.filter(Q(case=case) | Q(other=case))
    return CaseHygiene(
        merged_into=(same_customer.filter(pk=case.merged_into_id).first()
                     if case.merged_into_id is not None else None),
        merged_cases=list(same_customer.filter(merged_into=case).order_by("registered_at")),
        linked=list(same_customer.filter(pk__in=_linked_ids(case, links))
                    .order_by("registered_at")),
    )


def case_watched_by(*, case: Case, user: User) -> bool:
    return CaseWatch.objects.filter(case=case, user=user).exists()
