from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from feedback.forms import FeedbackForm, feedback_form_for

register = template.Library()
FIELDS_TEMPLATE = "feedback/includes/footer_fields.html"


@register.inclusion_tag("feedback/includes/footer_form.html", takes_context=True)
def feedback_footer(context: template.Context) -> dict[str, Any]:
    """The footer's feedback form for the page being shown; nothing where there is no
    request (the bare 500 page)."""
    request = context.get("request")
    if request is None:
        return {}
    return {"form": feedback_form_for(request), "csrf_token": context.get("csrf_token"),
            "request": request}


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
