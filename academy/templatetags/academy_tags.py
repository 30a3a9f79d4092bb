"""The Academy's parts of other pages: the unread count (navigation, home) and the latest
release notes on the home."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from knowledgebase.markdown import render_markdown

from ..selectors import is_academy_reader, release_list_for_user

register = template.Library()

HOME_RELEASES = 3


@register.simple_tag(takes_context=True)
def academy_unread(context: template.Context) -> int | None:
    """Unread releases of the signed-in SuperUser; None for anyone else (no Academy)."""
    from portal.reader_facts import reader_facts  # the portal builds on the academy

    request = context.get("request")
    facts = reader_facts(request) if request is not None else None
    if facts is None or not facts.has_seat:
        return None
    return facts.unread_releases


@register.simple_tag(takes_context=True)
def academy_latest_releases(context: template.Context) -> list:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not is_academy_reader(user=user):
        return []
    language = (get_language() or "sv").split("-")[0]
    return release_list_for_user(user=user, language=language, limit=HOME_RELEASES)


@register.filter
def markdown(text: str):
    """Staff's Markdown as allow-listed HTML (knowledgebase.markdown, as the FAQ shows it)."""
    return render_markdown(text)
