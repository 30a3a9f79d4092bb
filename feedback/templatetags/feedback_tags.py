from __future__ import annotations

from typing import Any

from django import template

from feedback.forms import feedback_form_for

register = template.Library()


@register.inclusion_tag("feedback/includes/footer_form.html", takes_context=True)
def feedback_footer(context: template.Context) -> dict[str, Any]:
    """The footer's feedback form for the page being shown; nothing where there is no
    request (the bare 500 page)."""
    request = context.get("request")
    if request is None:
        return {}
    return {"form": feedback_form_for(request), "csrf_token": context.get("csrf_token"),
            "request": request}
