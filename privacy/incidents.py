"""Incident tracing: given an account (a compromised one, a specialist who looked where they
should not) and a period, every person whose data it read or changed, with their contact
details — what the 72-hour notification to the persons (GDPR art. 33/34) needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Min

from accounts.models import User
from audit.models import AuditEntry


@dataclass(frozen=True)
class TracedPerson:
    person_id: int
    name: str
    email: str
    phone: str
    customer: str
    first_at: datetime
    last_at: datetime
    entries: int
    actions: tuple[str, ...]


CSV_HEADER = ("person id", "name", "email", "phone", "customer", "first access", "last access",
              "entries", "actions")


def account_find(lookup: str) -> User | None:
    """The account an operator names by email address or id."""
    lookup = lookup.strip()
    if lookup.isdigit():
        return User.objects.filter(pk=int(lookup)).first()
    return User.objects.filter(email__iexact=lookup).first()


def period_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """[start of the first day, start of the day after the last) in the current time zone."""
    from django.utils import timezone

    start = timezone.make_aware(datetime.combine(first_day, time.min))
    end = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
    return start, end


def persons_processed_by(*, actor: User, start: datetime, end: datetime) -> list[TracedPerson]:
    """People whose data ``actor`` processed in [start, end), most entries first. The actor's
    own data is left out (logging in is not an incident against oneself)."""
    entries = (AuditEntry.objects.filter(actor=actor, at__gte=start, at__lt=end,
                                         person__isnull=False)
               .exclude(person_id=actor.pk))
    summary = {row["person_id"]: row for row in entries.values("person_id").annotate(
        first_at=Min("at"), last_at=Max("at"), entries=Count("pk"))}
    actions: dict[int, set[str]] = {}
    for person_id, action in entries.values_list("person_id", "action").distinct():
        actions.setdefault(person_id, set()).add(action)
    people = User.objects.filter(pk__in=summary).select_related("customer")
    traced = [TracedPerson(
        person_id=person.pk, name=person.get_full_name(), email=person.email, phone=person.phone,
        customer=str(person.customer or ""), first_at=summary[person.pk]["first_at"],
        last_at=summary[person.pk]["last_at"], entries=summary[person.pk]["entries"],
        actions=tuple(sorted(actions.get(person.pk, ())))) for person in people]
    return sorted(traced, key=lambda item: (-item.entries, item.person_id))


def csv_rows(traced: list[TracedPerson]):
    for item in traced:
        yield (item.person_id, item.name, item.email, item.phone, item.customer,
               item.first_at.isoformat(), item.last_at.isoformat(), item.entries,
               ", ".join(item.actions))
