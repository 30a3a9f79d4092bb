"""Answers are written in Markdown by staff and shown to customers as sanitised HTML.

Markdown passes raw HTML straight through, so its output is never trusted: nh3 keeps only
the tags, attributes and URL schemes listed here. Pure functions, no database.
"""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr",
    "th", "td", "dl", "dt", "dd", "kbd", "abbr", "sup", "sub",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]


def render_markdown(text: str) -> SafeString:
    """Markdown → HTML → allow-listed HTML. Safe to put into a template unescaped."""
    html = markdown_lib.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        # Answers link to outside pages; never pass on the portal's referrer or ranking.
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 output is allow-listed HTML


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SYNTAX = re.compile(r"(\*\*|__|`+|^\s{0,3}#{1,6}\s+|^\s{0,3}>\s?|^\s*(?:[-*+]|\d+\.)\s+)",
                     re.MULTILINE)
_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")


def markdown_to_plain(text: str) -> str:
    """Rough plain text of a Markdown answer, for snippets: markup and link targets go.

    Not a renderer: the result is escaped before display like any other text.
    """
    text = _LINK.sub(r"\1", text)
    text = _SYNTAX.sub("", text)
    text = _TAG.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


# Highlight markers for ts_headline and the Python fallback: characters that escape() leaves
# alone and that Markdown does not use, so they survive escaping and only they become <mark>.
HIGHLIGHT_START = "\u27e6"  # ⟦
HIGHLIGHT_STOP = "\u27e7"  # ⟧


def highlight_to_html(marked_text: str) -> SafeString:
    """Escape everything, then turn the highlight markers (and nothing else) into <mark>."""
    escaped = str(escape(markdown_to_plain(marked_text)))
    parts: list[str] = []
    open_mark = False
    for piece in re.split(f"([{HIGHLIGHT_START}{HIGHLIGHT_STOP}])", escaped):
        if piece == HIGHLIGHT_START and not open_mark:
            parts.append("<mark>")
            open_mark = True
        elif piece == HIGHLIGHT_STOP and open_mark:
            parts.append("</mark>")
            open_mark = False
        elif piece not in (HIGHLIGHT_START, HIGHLIGHT_STOP):
            parts.append(piece)
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - everything but <mark> was escaped


def plain_highlight(text: str, terms: list[str], *, max_chars: int = 220) -> SafeString:
    """Snippet of ``text`` around the first term, terms highlighted (the SQLite fallback)."""
    plain = markdown_to_plain(text)
    lowered = plain.lower()
    positions = [lowered.find(term.lower()) for term in terms if term]
    hits = [p for p in positions if p >= 0]
    start = max(0, min(hits) - max_chars // 3) if hits else 0
    snippet = plain[start:start + max_chars]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + max_chars < len(plain) else ""
    pattern = "|".join(re.escape(term) for term in terms if term)
    if pattern:
        snippet = re.sub(f"({pattern})", rf"{HIGHLIGHT_START}\1{HIGHLIGHT_STOP}", snippet,
                         flags=re.IGNORECASE)
    return highlight_to_html(prefix + snippet + suffix)
