"""The long, repeated parts of a customer's case page — the conversation, the attachments
and the history — rendered in Python.

A case with thirty messages and their history made the template engine do a context lookup,
a filter call and an escape per value, and an include per message for its attachments:
most of the page's cost. As in `cases.listing`, the values are worked out once and written
with ``_escaped`` (``html.escape``, which is what Django's ``escape`` does without its check
for lazy arguments); ``templates/cases/case_detail.html`` keeps the page around them.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable
from datetime import tzinfo
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from kundcenter.addresses import address_parts
from kundcenter.choices import choice_display
from portal.events import message_text
from portal.formatting import format_moment, format_money

from .workflows import ProgressStep, state_display_name

if TYPE_CHECKING:
    from .models import Attachment, CaseEvent, Message

PROGRESS_TEMPLATE = "cases/includes/progress.html"


def _escaped(value: object) -> str:
    return html.escape(str(value))

# History entries that name another case by its number.
_NAMES_A_CASE = {"follow_up", "merged_into", "merged_from", "linked", "unlinked"}


@functools.cache
def _paperclip() -> str:
    # The icon's one source is its template; it is the same on every page.
    return render_to_string("includes/icon_paperclip.html").strip()


@functools.lru_cache(maxsize=256)
def _progress_html(steps: tuple[ProgressStep, ...], language: str) -> str:
    return render_to_string(PROGRESS_TEMPLATE, {"progress": steps})


def progress_html(steps: Iterable[ProgressStep]) -> SafeString:
    """The workflow's steps with where the case is (cases.workflows.workflow_progress).

    Its template, the same for every case at the same point of the same workflow, was a
    twentieth of the page: it is rendered once per steps and language (the active one)."""
    return mark_safe(_progress_html(tuple(steps), get_language() or ""))


def attachments_html(attachments: Iterable[Attachment]) -> SafeString:
    """A list of attachments, each linked through the permission-checked download; pictures
    also show a thumbnail (?thumb=1, the same check)."""
    attachments = list(attachments)
    if not attachments:
        return mark_safe("")
    before, after = address_parts("cases:attachment", argument="pk", stand_in="999999999")
    items = []
    for attachment in attachments:
        url = _escaped(f"{before}{attachment.pk}{after}")
        thumb = (f'<img class="attachment-thumb" src="{url}?thumb=1" alt="" loading="lazy">'
                 if attachment.is_image else "")
        items.append(
            f'<li class="attachment" data-attachment-id="{attachment.pk}"><a href="{url}">'
            f'{thumb}{_paperclip()}<span class="attachment-name ms-1">'
            f"{_escaped(attachment.original_name)}</span></a>\n"
            f'    <small class="text-muted">{_escaped(filesizeformat(attachment.size))}</small></li>')
    return mark_safe('<ul class="list-unstyled attachment-list">' + "".join(items) + "\n</ul>")


def conversation_html(messages: Iterable[Message], *, language: str, zone: tzinfo) -> SafeString:
    """The public messages, oldest first, each with who wrote it, when, and its files."""
    centre = _escaped(gettext("Customer Centre"))
    cards = []
    for message in messages:
        author = message.author
        is_staff = author is not None and author.is_staff
        who = _escaped(author.get_full_name() or author.email) if author is not None else centre
        cards.append(
            f'<div class="card mb-2 {"border-primary" if is_staff else ""}"><div class="card-body">'
            f'<div class="small text-muted">{who}{f" · {centre}" if is_staff else ""} · '
            f"{_escaped(format_moment(message.created_at, language, zone, with_year=True))}</div>"
            f'<div class="text-pre-wrap">{_escaped(message_text(message))}</div>'
            f"{attachments_html(message.visible_attachments)}</div></div>")
    if not cards:
        nothing = _escaped(gettext("No messages yet."))  # outside the f-string, for xgettext
        return mark_safe(f'<p class="text-muted">{nothing}</p>')
    return mark_safe("\n".join(cards))


def _money(details: dict, language: str) -> str:
    try:
        return format_money(Decimal(details["amount"]), details.get("currency") or "SEK", language)
    except (InvalidOperation, TypeError, ValueError):
        return str(details["amount"])


def _event_line(event: CaseEvent, category: str, language: str) -> str:
    kind, details = event.kind, event.details or {}
    text = choice_display(event, "kind")
    if (event.to_state and kind == "state_changed") or kind == "reopened":
        text += (f": {state_display_name(category, event.from_state)} → "
                 f"{state_display_name(category, event.to_state)}")
    if kind == "reopened" and details.get("reason") == "customer_reply":
        by_a_reply = gettext("by a reply")  # outside the f-string, for xgettext
        text += f" ({by_a_reply})"
    if kind in _NAMES_A_CASE:
        text += f": {details.get('number', '')}"
    if kind == "rated":
        text += f": {details.get('score', '')}/5"
    if kind == "level_changed":
        text += f": {details.get('from', '')} → {details.get('to', '')} ({details.get('reason', '')})"
    if kind in ("estimate_given", "estimate_accepted") and details.get("amount"):
        text += f": {_money(details, language)}"
    return _escaped(text)


def history_html(events: Iterable[CaseEvent], *, category: str, language: str,
                 zone: tzinfo) -> SafeString:
    """The case's history, oldest first: when, and what happened in the reader's words."""
    return mark_safe("".join(
        f'<li class="mb-2"><span class="text-muted">'
        f"{_escaped(format_moment(event.at, language, zone, with_year=True))}</span><br>\n"
        f"      {_event_line(event, category, language)}\n    </li>\n"
        for event in events))
