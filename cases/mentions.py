"""Who hears of a new message besides the customer and the assignee: colleagues mentioned
in an internal note, and the specialists watching the case.

Kept apart from cases.hygiene (which builds on cases.services) so that
``services.case_message_add`` can call ``mentions_notify`` without a circular import."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from accounts.models import User

from .hygiene_rules import mention_is_email, mentions_in
from .models import CaseWatch, Message
from .notifications import notify

MENTION_TEMPLATE = "case_mentioned"
WATCHED_TEMPLATE = "case_watched_message"


def mentioned_staff(text: str) -> list[User]:
    """Active staff named in ``text`` by first.last (their address's local part) or by
    full address. A name nobody has is ignored: a note is no place for an error."""
    tokens = mentions_in(text)
    if not tokens:
        return []
    wanted = Q(pk__in=[])
    for token in tokens:
        wanted |= (Q(email__iexact=token) if mention_is_email(token)
                   else Q(email__istartswith=f"{token}@"))
    return list(User.objects.filter(wanted, is_staff=True, is_active=True).order_by("pk"))


def mentions_notify(*, message: Message, now: datetime) -> list[User]:
    """Call inside the transaction that wrote ``message`` (the outbox rows commit with it).

    An internal note's mentioned colleagues get an email with a link to the admin page;
    a public reply never notifies anyone it names (a customer writing "@anna.lind" is not
    an instruction to us). The case's watchers hear of every new message. Nobody is told
    of their own message or told twice; the assignee, whom the reply email already
    reaches for a customer's reply, is not told again. Returns the people notified."""
    del now  # the outbox stamps its rows; kept for the services' calling convention
    case = message.case
    skip = {message.author_id}
    notified: list[User] = []
    if message.is_internal:
        for colleague in mentioned_staff(message.body):
            if colleague.pk in skip:
                continue
            skip.add(colleague.pk)
            notify(case=case, recipient=colleague, template=MENTION_TEMPLATE,
                   message_id=message.pk, author=author_name(message.author))
            notified.append(colleague)
    author_is_customer = message.author is not None and not message.author.is_staff
    if not message.is_internal and author_is_customer and case.assignee_id is not None:
        skip.add(case.assignee_id)
    watchers = (User.objects.filter(pk__in=CaseWatch.objects.filter(case=case).values("user_id"),
                                    is_staff=True, is_active=True)
                .exclude(pk__in=[pk for pk in skip if pk is not None]).order_by("pk"))
    for watcher in watchers:
        notify(case=case, recipient=watcher, template=WATCHED_TEMPLATE, message_id=message.pk,
               internal=message.is_internal, author=author_name(message.author),
               # An internal note's text stays in the system; a public message is the news.
               body="" if message.is_internal else message.body)
        notified.append(watcher)
    return notified


def author_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email
