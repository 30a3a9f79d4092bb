"""Reads for the reply tools on the case page: what a specialist may insert into a reply."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from accounts.models import NotificationPreference
from accounts.rules import delivery_for, notification_kind
from cases.models import OutboxEmail
from cases.notifications import recipient_language, render_outbox_email, reply_email_context
from knowledgebase.markdown import markdown_to_plain
from knowledgebase.models import Article, Language

from .models import SavedReply

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case

# An article goes into a reply as a pointer, not a copy: the customer reads the rest (and
# any later correction) on the portal.
ARTICLE_EXCERPT_CHARS = 300
# The select on the case page stays short enough to scan; a team rarely has more.
MAX_ARTICLES = 50


class SnippetKind(StrEnum):
    SAVED_REPLY = "reply"
    ARTICLE = "article"


@dataclass(frozen=True)
class Snippet:
    kind: SnippetKind
    id: int
    title: str
    text: str
    language: str

    def as_dict(self) -> dict[str, str | int]:
        return {"kind": str(self.kind), "id": self.id, "title": self.title, "text": self.text,
                "language": self.language}


def case_reply_language(case: Case) -> str:
    """The language the reporter reads the case in (as their emails are written), limited
    to the languages articles and saved replies are written in."""
    language = recipient_language(case.reporter, case)
    return language if language in Language.values else settings.LANGUAGE_CODE[:2]


def article_snippet_text(article: Article) -> str:
    """The question, the start of the answer as plain text (replies are plain text), and the
    article's address on the portal."""
    excerpt = Truncator(markdown_to_plain(article.answer)).chars(ARTICLE_EXCERPT_CHARS)
    url = settings.PORTAL_URL + reverse("knowledgebase:article", args=[article.pk])
    return f"{article.question}\n\n{excerpt}\n\n{url}"


def saved_replies_for(*, case: Case, language: str) -> list[SavedReply]:
    """Active replies of the case's team and the shared ones, in ``language``; when none is
    written in it, those of every language, so the specialist can still translate one."""
    replies = SavedReply.objects.filter(Q(team=case.team) | Q(team=""), is_active=True)
    in_language = list(replies.filter(language=language))
    return in_language or list(replies.order_by("language", "title", "pk"))


def articles_for(*, case: Case, language: str) -> list[Article]:
    """Published articles in ``language`` about the case's module or no module."""
    return list(Article.objects.filter(Q(module_id=case.module_id) | Q(module__isnull=True),
                                       is_published=True, language=language)
                .defer("search_vector").order_by("-view_count", "question")[:MAX_ARTICLES])


def reply_snippets_for(*, case: Case, user: User, language: str | None = None) -> list[Snippet]:
    """What ``user`` may insert into a reply on ``case``: saved replies, then FAQ articles.

    ``language`` defaults to the reporter's (``case_reply_language``). Each kind is offered
    only to someone allowed to read it in admin.
    """
    language = language or case_reply_language(case)
    snippets: list[Snippet] = []
    if user.has_perm("replies.view_savedreply"):
        snippets += [Snippet(SnippetKind.SAVED_REPLY, reply.pk, reply.title, reply.body,
                             reply.language)
                     for reply in saved_replies_for(case=case, language=language)]
    if user.has_perm("knowledgebase.view_article"):
        snippets += [Snippet(SnippetKind.ARTICLE, article.pk, article.question,
                             article_snippet_text(article), article.language)
                     for article in articles_for(case=case, language=language)]
    return snippets


# The template cases.services' _message_recorded queues for a public staff reply.
REPLY_EMAIL_TEMPLATE = "reply"


@dataclass(frozen=True)
class ReplyEmailPreview:
    language: str
    subject: str
    body: str
    # accounts.models.NotificationDelivery: "every", "digest" or "none"; "" without a
    # recipient who can get mail at all.
    delivery: str


def reply_email_preview(*, case: Case, author: str = "", body: str = "") -> ReplyEmailPreview:
    """The email the reporter gets for a new public staff reply on ``case`` by ``author``
    with the text ``body``, rendered by the outbox's own renderer in the reporter's
    language, and how the reporter chose to get it.

    The outbox row is built in memory and never saved: a preview sends nothing.
    """
    reporter = case.reporter
    language = recipient_language(reporter, case)
    email = OutboxEmail(case=case, recipient=reporter.email, language=language,
                        template=REPLY_EMAIL_TEMPLATE, context=reply_email_context(
                            message_id=None, author=author, body=body.strip(),
                            attachment_names=[], answerable=True))
    subject, body = render_outbox_email(email)
    delivery = ""
    if reporter.email and reporter.is_active:
        kind = notification_kind(REPLY_EMAIL_TEMPLATE)
        preferences = dict(NotificationPreference.objects.filter(user=reporter, kind=kind)
                           .values_list("kind", "delivery"))
        delivery = str(delivery_for(REPLY_EMAIL_TEMPLATE, preferences))
    return ReplyEmailPreview(language=language, subject=subject, body=body, delivery=delivery)
