"""Writes of the feedback app: someone sends feedback, staff answer it."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import OutboxEmail
from cases.notifications import outbox_dispatch

from .models import Feedback, Topic
from .rules import FEEDBACK_WINDOW, TEXT_MAX_LENGTH, TEXT_MIN_LENGTH, is_throttled
from .selectors import feedback_count_since

FEEDBACK_THROTTLED = _("Thank you, we have already received a lot of feedback from you. "
                       "Please try again in an hour.")
FEEDBACK_TEXT_LENGTH = _("Write between %(min)d and %(max)d characters.")
FEEDBACK_ALREADY_ANSWERED = _("This feedback has already been answered.")
FEEDBACK_ANSWER_EMPTY = _("Write an answer.")
# A template named with its folder: the outbox renders it as it is (cases.notifications).
ANSWER_TEMPLATE = "feedback/email/answer"
PAGE_MAX_LENGTH = Feedback._meta.get_field("page").max_length


@transaction.atomic
def feedback_submit(*, text: str, page: str, language: str, sender_key: str, now: datetime,
                    topic: str = Topic.OTHER, user: User | None = None,
                    email: str = "") -> Feedback:
    """Store feedback, unless this sender has sent too much lately (ValidationError)."""
    text = text.strip()
    if not TEXT_MIN_LENGTH <= len(text) <= TEXT_MAX_LENGTH:
        raise ValidationError(FEEDBACK_TEXT_LENGTH,
                              params={"min": TEXT_MIN_LENGTH, "max": TEXT_MAX_LENGTH})
    if is_throttled(sent_in_window=feedback_count_since(sender_key=sender_key,
                                                        since=now - FEEDBACK_WINDOW)):
        raise ValidationError(FEEDBACK_THROTTLED, code="throttled")
    signed_in = user is not None and user.is_authenticated
    return Feedback.objects.create(
        # The path only: a query string may hold what someone searched for.
        created_at=now, page=urlsplit(page).path[:PAGE_MAX_LENGTH], language=language, topic=topic,
        text=text, user=user if signed_in else None,
        # A signed-in person is answered at their account's address, which may change.
        email="" if signed_in else email.strip(), sender_key=sender_key,
    )


@transaction.atomic
def feedback_answer(*, feedback: Feedback, answer: str, answered_by: User,
                    now: datetime) -> Feedback:
    """Record staff's answer and email it, through the outbox, to the sender if they left an
    address. One answer per feedback: a second would reach the sender as a surprise."""
    answer = answer.strip()
    if not answer:
        raise ValidationError(FEEDBACK_ANSWER_EMPTY)
    # Locked: two specialists answering at once must not both send a mail.
    locked = (Feedback.objects.select_for_update(of=("self",)).select_related("user")
              .get(pk=feedback.pk))
    if locked.is_answered:
        raise ValidationError(FEEDBACK_ALREADY_ANSWERED)
    locked.answer = answer
    locked.answered_by = answered_by
    locked.answered_at = now
    locked.answer_sent_to = locked.reply_address
    locked.save(update_fields=["answer", "answered_by", "answered_at", "answer_sent_to"])
    if locked.answer_sent_to:
        email = OutboxEmail.objects.create(
            recipient=locked.answer_sent_to, language=locked.language or settings.LANGUAGE_CODE,
            template=ANSWER_TEMPLATE,
            context={"feedback_text": locked.text, "answer": answer,
                     "answered_by": answered_by.get_full_name() or ""},
        )
        transaction.on_commit(lambda: outbox_dispatch(email.pk))
    return locked
