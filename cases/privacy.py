"""Personal data in the cases app (privacy.registry). A case stays after its reporter's
erasure — its number, category, times and SLA figures matter to the customer and the
statistics — with what the person wrote redacted; a billed case within the bookkeeping
period is held as it is."""

from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q, QuerySet

from privacy.registry import Erase, OnErase, declare, not_personal, personal

from .models import (
    Attachment,
    Case,
    CaseEvent,
    CaseLink,
    CaseNumberSequence,
    CaseRating,
    CaseWatch,
    CostEstimate,
    Message,
    OutboxEmail,
    SlaWarning,
    TimeEntry,
)


def context_quoting(person) -> Q:
    """Mails (outbox rows, digest items) whose context quotes the person: their message (its
    author's name and body, cases.notifications.reply_email_context) or the reason they gave
    for a support login (support_logins.services)."""
    from support_logins.models import SupportLoginGrant

    messages = list(Message.objects.filter(author=person).values_list("pk", flat=True))
    grants = list(SupportLoginGrant.objects.filter(granted_by=person).values_list("pk", flat=True))
    return Q(context__message_id__in=messages) | Q(context__grant_id__in=grants)


def billed_within_retention(rows: QuerySet, now: datetime) -> QuerySet:
    """The cases that were billed (billable time, or an accepted cost estimate of an order)
    and ended — or are still open — within the bookkeeping retention period."""
    years = getattr(settings, "PRIVACY_BOOKKEEPING_RETENTION_YEARS", 7)
    since = now - relativedelta(years=years)
    billed = (Q(pk__in=TimeEntry.objects.filter(billable=True).values("case_id"))
              | Q(pk__in=CostEstimate.objects.filter(accepted_at__isnull=False).values("case_id")))
    # Closed after resolved: the later one is when the case ended.
    recent = (Q(closed_at__gte=since)
              | Q(closed_at__isnull=True, resolved_at__gte=since)
              | Q(closed_at__isnull=True, resolved_at__isnull=True))
    return rows.filter(billed & recent)


declare(CaseNumberSequence, fields=not_personal("year", "last_number"))

declare(
    Case,
    fields={
        **not_personal("id", "number", "customer", "reporter", "module", "category",
                       "service_level", "state", "team", "office", "start_open_seconds", "assignee",
                       "channel", "registered_at", "work_started_at", "resolved_at", "closed_at",
                       "personal_data_erased_at", "start_deadline", "start_at_risk_from",
                       "resolution_goal", "updated_at", "follow_up_of", "merged_into",
                       "last_public_word_at", "last_public_word_by_staff"),
        "subject": personal(Erase.REDACT),
        "description": personal(Erase.REDACT),
    },
    owners=("reporter",),
    subject_person="reporter",
    legal_hold=billed_within_retention,
    legal_hold_reason="billed order within the bookkeeping retention period",
)


def _events_naming(person) -> Q:
    # An "assigned" event copies the assignee's str() — name and address — into its details.
    email = getattr(person, "email", "") or ""
    return Q(details__assignee__icontains=email) if email else Q(pk__in=[])


declare(
    CaseEvent,
    fields={
        **not_personal("id", "case", "at", "actor", "kind", "from_state", "to_state"),
        # A note or reason typed with the change, or the assignee's name and address.
        "details": personal(Erase.REDACT),
    },
    owners=("actor",),
    subject_person="actor",
    extra_rows=_events_naming,
    # A note by someone else on the person's case ("called Anna").
    mentions=("details",),
    mention_scope=("case__reporter",),
)

declare(
    Message,
    fields={
        **not_personal("id", "case", "author", "event_kind", "is_internal", "created_at"),
        "body": personal(Erase.REDACT),
        # A portal event's parameters (grant, kind, instants), which the conversation needs
        # to word the note: erasure would empty the JSON whole. A support login's also copy
        # the reason its granter typed (SupportLoginGrant.reason), which this keeps.
        "event_params": personal(Erase.KEEP,
                                 kept_because="the conversation's record of a support login"),
    },
    owners=("author",),
    subject_person="author",
    # A specialist's "Hi Anna" on Anna's case; a grant note's reason naming them.
    mentions=("body", "event_params"),
    mention_scope=("case__reporter", "author"),
)

declare(
    CaseRating,
    fields={
        **not_personal("id", "case", "solved", "score", "rated_by", "rated_at", "updated_at"),
        "comment": personal(Erase.REDACT),
    },
    owners=("rated_by",),
    subject_person="rated_by",
    mentions=("comment",),
    mention_scope=("case__reporter",),
)

declare(
    Attachment,
    fields={
        **not_personal("id", "case", "message", "content_type", "size", "uploaded_by",
                       "uploaded_at"),
        "file": personal(Erase.DELETE_FILE),
        "original_name": personal(Erase.REDACT),
    },
    owners=("uploaded_by",),
    subject_person="uploaded_by",
    on_erase=OnErase.DELETE,
    mentions=("original_name",),
    mention_scope=("case__reporter",),
)

# Written by specialists about the work; the invoice needs them as they are (no mentions
# scrub either: a billed case's notes are bookkeeping, and the scrub knows no legal hold).
declare(
    TimeEntry,
    fields=not_personal("id", "case", "specialist", "minutes", "billable", "note", "worked_on"),
    owners=("specialist",),
    subject_person="specialist",
)

# Written by staff (the text and price); the customer's part is the acceptance. Not
# scrubbed for mentions: an accepted estimate is the agreement a bill rests on.
declare(
    CostEstimate,
    fields=not_personal("id", "case", "version", "amount", "currency", "text", "given_by",
                        "given_at", "accepted_by", "accepted_at", "superseded_at"),
    owners=("accepted_by", "given_by"),
    subject_person="accepted_by",
)

declare(CaseLink, fields=not_personal("id", "case", "other", "created_by", "created_at"))

declare(
    CaseWatch,
    fields=not_personal("id", "case", "user", "created_at"),
    owners=("user",),
    subject_person="user",
    on_erase=OnErase.DELETE,
)

declare(
    OutboxEmail,
    fields={
        **not_personal("id", "case", "language", "template", "created_at", "sent_at", "attempts",
                       "last_attempt_at", "next_attempt_at"),
        # Not exported: a mail to someone else that quotes the person (extra_rows) would put
        # that other recipient's address into this person's export.
        "recipient": personal(Erase.BLANK, export=False),
        "context": personal(Erase.BLANK),
        # The SMTP server's answer, which often repeats the address.
        "last_error": personal(Erase.BLANK),
    },
    owner_emails=("recipient",),
    extra_rows=context_quoting,
    on_erase=OnErase.DELETE,
    # Mail to others about the person's case (their name in the author or subject).
    mentions=("context",),
    mention_scope=("case__reporter",),
)

declare(SlaWarning, fields=not_personal("id", "case", "target", "threshold", "reached_at",
                                        "recorded_at", "notified_at", "suppressed"))
