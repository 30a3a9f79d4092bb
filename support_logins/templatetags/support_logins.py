"""`{% support_login_panel case request.user %}` for the case page, and `office_time` for
emails (an ISO instant, as the outbox stores it, in the office's local time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone

from sla.presentation import office_datetime_long
from sla.services import calendar_table_get

from ..presentation import time_left_label, until_label
from ..selectors import grant_list_active_for_case, grant_refusal_for, revoke_refusal_for

register = template.Library()


@register.inclusion_tag("support_logins/includes/case_panel.html")
def support_login_panel(case: Any, user: Any) -> dict[str, Any]:
    """The case's active support logins with their end and time left, and the grant button
    for a SuperUser who may grant. `case` must already be scoped to the user (the case page's
    own lookup is)."""
    now = timezone.now()
    table = calendar_table_get(case.office)
    active = [
        {"grant": grant, "until": until_label(table, grant.expires_at),
         "until_long": office_datetime_long(table, grant.expires_at),
         "time_left": time_left_label(grant.expires_at - now)}
        for grant in grant_list_active_for_case(case=case, now=now)
    ]
    return {
        "case": case,
        "active": active,
        "may_grant": not case.is_closed and grant_refusal_for(user=user) is None,
        "may_revoke": bool(active) and revoke_refusal_for(user=user) is None,
    }


@register.filter
def office_time(value: datetime | str | None, office: str) -> str:
    """'Monday 16 February 2026 10:00 (Swedish time)' in the active language."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return office_datetime_long(calendar_table_get(office), moment)
