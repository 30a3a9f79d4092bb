"""Layout fragments rendered once and filled in per page.

The layout's header and footer read the same on every page one person sees in one language
but for a few values of the request: its address, the CSRF token, the reader's name. Their
templates were a tenth of a page's CPU time. A `StandInFragment` renders its template once
per key — everything else the markup depends on — with stand-ins for those values, and each
page replaces the stand-ins with its own values, escaped as the template would have.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


class StandInFragment:
    """``template_name`` rendered once per key, with ``values`` filled in on every page.

    The active language, URLconf and script prefix are part of every key; the caller's key
    must hold everything else the markup depends on except those values. The context must
    give ``stand_ins[name]`` for each of them, used only where the template escapes.
    """

    def __init__(self, template_name: str, *, values: tuple[str, ...], kept: int = 256) -> None:
        self.template_name = template_name
        # Letters and digits only, so escaping leaves them as they are; random, so no
        # reader's text can contain one.
        self.stand_ins = {name: f"standin{name.replace('_', '')}{secrets.token_hex(8)}"
                          for name in values}
        self._rendered: dict[Hashable, str] = {}
        self._kept = kept

    def render(self, key: Hashable, context: Callable[[Mapping[str, str]], dict[str, Any]],
               values: Mapping[str, str]) -> SafeString:
        key = (get_language(), get_script_prefix(), get_urlconf(), key)
        html = self._rendered.get(key)
        if html is None:
            if len(self._rendered) >= self._kept:
                self._rendered.clear()
            html = self._rendered[key] = render_to_string(self.template_name,
                                                          context(self.stand_ins))
        for name, value in values.items():
            html = html.replace(self.stand_ins[name], escape(value))
        return mark_safe(html)
