"""FAQ drafts from answered cases: a question a specialist has answered well is often asked
again, so the answer is offered to the next customer as an article before they register."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases.models import Case, Message
from cases.notifications import recipient_language
from cases.workflows import RESOLVED_STATES

from .models import Article, Language, Visibility
from .services import article_save

if TYPE_CHECKING:
    from accounts.models import User

DRAFT_CASE_NOT_RESOLVED = _("Only a delivered or closed case can become a FAQ article.")
DRAFT_NO_STAFF_REPLY = _("The case has no public reply from a specialist to use as the answer.")
DRAFT_NOT_A_STAFF_REPLY = _("That message is not a public reply from a specialist on this case.")
DRAFT_NOT_ALLOWED = _("You may not add FAQ articles.")

QUESTION_MAX_CHARS = Article._meta.get_field("question").max_length


def public_staff_replies(case: Case):
    """The case's messages a specialist wrote to the customer: not internal notes, not the
    portal's own notes (a support login granted), not empty."""
    return (Message.objects.filter(case=case, is_internal=False, author__is_staff=True,
                                   event_kind="")
            .exclude(body="").order_by("created_at", "pk"))


def draft_question(case: Case) -> str:
    """Subject and description on one line, cut to the question's length: a starting point
    that staff reword into a general question (the description names the customer's data)."""
    text = " ".join(f"{case.subject} – {case.description}".split())
    return Truncator(text).chars(QUESTION_MAX_CHARS)


def draft_language(case: Case) -> str:
    language = recipient_language(case.reporter, case)
    return language if language in Language.values else Language.SWEDISH


@transaction.atomic
def article_draft_from_case(*, case: Case, by: User, message: Message | None = None,
                            now: datetime) -> Article:
    """An unpublished article from a delivered or closed case: its question, the answer a
    specialist gave (``message``, else the last public staff reply), the reporter's language
    and the case's module. Saved through ``article_save``, so it is in the search index when
    it is published.

    Visible only to the module's customers until staff decide otherwise: it comes from one
    customer's case, and the narrower audience is the safe default for a draft.
    """
    if not (by.is_staff and by.has_perm("knowledgebase.add_article")):
        raise PermissionDenied(DRAFT_NOT_ALLOWED)
    if case.state not in RESOLVED_STATES:
        raise ValidationError(DRAFT_CASE_NOT_RESOLVED, code="not_resolved")
    replies = public_staff_replies(case)
    if message is not None:
        if not replies.filter(pk=message.pk).exists():
            raise ValidationError(DRAFT_NOT_A_STAFF_REPLY, code="not_a_staff_reply")
    else:
        message = replies.last()
        if message is None:
            raise ValidationError(DRAFT_NO_STAFF_REPLY, code="no_staff_reply")
    article = article_save(article=Article(
        question=draft_question(case), answer=message.body.strip(),
        language=draft_language(case), module=case.module, visibility=Visibility.MODULE,
        is_published=False,
    ))
    audit_record(actor=by, action="article.draft_from_case", subject=article,
                 customer_id=case.customer_id,
                 details={"case": case.number, "message_id": message.pk, "at": now.isoformat()})
    return article
