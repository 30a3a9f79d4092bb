"""Reads of case hygiene: what a case page shows of merges and links. Customer-facing reads
start from customers.access, and check both ends of a link, so a row that names another
customer's case (which the services never write) still shows nothing of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import QuerySet

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


# Every case the page names, in one statement: cases linked to or from this one, the
# duplicates merged into it, and the case it was merged into. Written as SQL because the ORM
# spelling of it (a UNION of three querysets, annotated with which it came from) cost more
# CPU to build than the rest of the case page's queries together, for a statement that on
# most cases finds nothing.
_RELATED_SQL = """
    SELECT other_id, 'linked' FROM {link} WHERE case_id = %(case)s
    UNION SELECT case_id, 'linked' FROM {link} WHERE other_id = %(case)s
    UNION SELECT id, 'merged' FROM {case} WHERE merged_into_id = %(case)s
"""


def _related_ids(case: Case) -> dict[str, set[int]]:
    """Ids by how they relate to ``case`` (unscoped: the caller reads the cases scoped)."""
    related: dict[str, set[int]] = {"linked": set(), "merged": set()}
    connection = connections[router.db_for_read(CaseLink)]
    with connection.cursor() as cursor:
        cursor.execute(_RELATED_SQL.format(link=connection.ops.quote_name(CaseLink._meta.db_table),
                                           case=connection.ops.quote_name(Case._meta.db_table)),
                       {"case": case.pk})
        for pk, kind in cursor.fetchall():
            related[kind].add(pk)
    return related


def _hygiene(case: Case, *, cases: QuerySet[Case]) -> CaseHygiene:
    """``case``'s merges and links among ``cases`` (already scoped to whoever reads): one
    statement for a case with neither, as most are; one more to read those it names."""
    related = _related_ids(case)
    wanted = related["linked"] | related["merged"]
    if case.merged_into_id is not None:
        wanted.add(case.merged_into_id)
    if not wanted:
        return CaseHygiene()
    shown = {other.pk: other for other in cases.only(*_SHOWN, "merged_into_id")
             .filter(pk__in=wanted).order_by("registered_at", "pk")}
    return CaseHygiene(
        merged_into=shown.get(case.merged_into_id) if case.merged_into_id is not None else None,
        merged_cases=[other for other in shown.values()
                      if other.pk in related["merged"] and other.merged_into_id == case.pk],
        linked=[other for other in shown.values() if other.pk in related["linked"]])


def case_hygiene_for_user(*, user: User, case: Case) -> CaseHygiene:
    """For the portal's case page: the case this one was merged into, the duplicates merged
    into it, and its related cases — only those of the user's own customer."""
    return _hygiene(case, cases=scope_to_customer(Case.objects.all(), user=user))


def case_hygiene_for_staff(*, case: Case) -> CaseHygiene:
    """For admin, where specialists read every case; still only the case's own customer's
    cases, as the services write them."""
    return _hygiene(case, cases=Case.objects.filter(customer_id=case.customer_id))


def case_watched_by(*, case: Case, user: User) -> bool:
    return CaseWatch.objects.filter(case=case, user=user).exists()
