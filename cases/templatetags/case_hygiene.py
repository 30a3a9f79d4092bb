"""``{% case_hygiene_panel case request.user %}`` for the portal's case page: "merged into"
with a link, the duplicates merged into this case, and the related cases."""

from __future__ import annotations

from typing import Any

from django import template

from ..hygiene_selectors import case_hygiene_for_user

register = template.Library()


@register.inclusion_tag("cases/includes/hygiene_panel.html")
def case_hygiene_panel(case: Any, user: Any) -> dict[str, Any]:
    """``case`` must already be scoped to the user (the case page's own lookup is); the
    cases it names are scoped again here."""
    return {"case": case, "hygiene": case_hygiene_for_user(user=user, case=case)}
