"""``{% reply_tools original %}`` on the case change form: the snippets, the email preview
and the FAQ button (templates/admin/cases/reply_tools.html, static/js/admin_reply_tools.js)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from cases.models import Case
from cases.workflows import RESOLVED_STATES
from knowledgebase.drafts import public_staff_replies

register = template.Library()

# The reply box of the case change form.
REPLY_TEXTAREA_ID = "id_reply_body"


@register.inclusion_tag("admin/cases/reply_tools.html", takes_context=True)
def reply_tools(context: template.Context, case: Case,
                textarea_id: str = REPLY_TEXTAREA_ID) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    may_draft = bool(case.state in RESOLVED_STATES and user is not None
                     and user.has_perm("knowledgebase.add_article"))
    return {
        "case": case,
        "textarea_id": textarea_id,
        "snippets_url": reverse("admin:cases_case_snippets", args=[case.pk]),
        "preview_url": reverse("admin:cases_case_reply_preview", args=[case.pk]),
        "faq_draft_url": reverse("admin:cases_case_faq_draft", args=[case.pk]) if may_draft else "",
        # Newest first: the last answer is usually the one that solved it.
        "staff_replies": list(public_staff_replies(case).reverse()[:20]) if may_draft else [],
    }
