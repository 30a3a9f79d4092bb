"""Who had the last public word on each case (``Case.last_public_word_*``), kept in step
with the messages.

A public message by someone (internal notes and portal-written events are not words) is a
word; the newest one decides. The columns are derived data: ``refresh`` recomputes them from
the messages in one statement, so a message saved, edited, deleted or moved to another case
(a merge) never leaves them wrong beyond the transaction that did it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.signals import post_delete, post_save

from .models import Case, Message


def _last_public_word() -> QuerySet[Message]:
    return (Message.objects.filter(case=OuterRef("pk"), is_internal=False, event_kind="")
            .order_by("-created_at", "-pk"))


def refresh(*, case_ids: Iterable[int] | None = None) -> int:
    """Recompute the last word of these cases (all cases when None); returns how many."""
    cases = Case.objects.all() if case_ids is None else Case.objects.filter(pk__in=list(case_ids))
    return cases.update(
        last_public_word_at=Subquery(_last_public_word().values("created_at")[:1]),
        last_public_word_by_staff=Subquery(_last_public_word().values("author__is_staff")[:1]))


def _message_changed(sender, instance: Message, **kwargs) -> None:
    refresh(case_ids=[instance.case_id])


def connect() -> None:
    post_save.connect(_message_changed, sender=Message, dispatch_uid="cases.last_word.saved")
    post_delete.connect(_message_changed, sender=Message, dispatch_uid="cases.last_word.deleted")
