from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from feedback.forms import FeedbackForm, feedback_form_for

register = template.Library()
FIELDS_TEMPLATE = "feedback/includes/footer_fields.html"


FOOTER_TEMPLATE = "feedback/includes/footer_form.html"
# Stand-ins for what differs between two pages' footers in one language: the page's own
# address (the hidden field) and the CSRF token. Letters and digits only, so escaping leaves
# them as they are.
_PAGE_STAND_IN = "feedbackpagestandin7f3a"
_TOKEN_STAND_IN = "feedbacktokenstandin7f3a"
_UNBOUND_FOOTERS: dict[tuple[str, bool, str, str], str] = {}


@register.simple_tag(takes_context=True)
def feedback_footer(context: template.Context) -> str:
    """The footer's feedback form for the page being shown; nothing where there is no
    request (the bare 500 page).

    Every page has it, and before anything is typed it reads the same on every page in one
    language but for the page's address and the CSRF token: it is rendered once per language
    (and signed in or not, and URLconf) with stand-ins for those two, which each page fills
    in. That was a twelfth of the case list's CPU time."""
    request = context.get("request")
    if request is None:
        return ""
    key = (get_language() or "", request.user.is_authenticated, get_script_prefix(),
           get_urlconf() or "")
    if key not in _UNBOUND_FOOTERS:
        request_stand_in = _StandInRequest(request)
        _UNBOUND_FOOTERS[key] = render_to_string(FOOTER_TEMPLATE, {
            "form": feedback_form_for(request_stand_in), "csrf_token": _TOKEN_STAND_IN,
            "request": request_stand_in})
    token = str(context.get("csrf_token") or "")
    return mark_safe(_UNBOUND_FOOTERS[key]
                     .replace(_PAGE_STAND_IN, escape(request.get_full_path()))
                     .replace(_TOKEN_STAND_IN, escape(token)))


class _StandInRequest:
    """The request, but for the address its footer is rendered with."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    def get_full_path(self) -> str:
        return _PAGE_STAND_IN

    def __getattr__(self, name: str) -> Any:
        return getattr(self._request, name)


# An unbound form's fields look the same on every page in one language (the page's own
# address and the CSRF token sit outside them), and crispy's templates were a fifth of
# every page's rendering: they are rendered once per language and field set.
_UNBOUND_FIELDS: dict[tuple[str, tuple[str, ...]], str] = {}


@register.simple_tag
def feedback_fields(form: FeedbackForm) -> str:
    if form.is_bound:
        return render_to_string(FIELDS_TEMPLATE, {"form": form})
    key = (get_language() or "", tuple(form.fields))
    if key not in _UNBOUND_FIELDS:
        _UNBOUND_FIELDS[key] = render_to_string(FIELDS_TEMPLATE, {"form": form})
    return mark_safe(_UNBOUND_FIELDS[key])
