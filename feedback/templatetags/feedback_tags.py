from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from feedback.forms import feedback_form_for

register = template.Library()

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
    in. Crispy's templates for its fields were a fifth of a page's rendering, the whole
    footer a twelfth of the case list's CPU time. (A refused form comes back from
    feedback.views, rendered with its errors from the same template.)"""
    request = context.get("request")
    if request is None:
        return ""
    key = (get_language() or "", request.user.is_authenticated, get_script_prefix(),
           get_urlconf() or "")
    if key not in _UNBOUND_FOOTERS:
        _UNBOUND_FOOTERS[key] = render_to_string(FOOTER_TEMPLATE, {
            "form": feedback_form_for(request, page=_PAGE_STAND_IN),
            "csrf_token": _TOKEN_STAND_IN})
    token = str(context.get("csrf_token") or "")
    return mark_safe(_UNBOUND_FOOTERS[key]
                     .replace(_PAGE_STAND_IN, escape(request.get_full_path()))
                     .replace(_TOKEN_STAND_IN, escape(token)))
