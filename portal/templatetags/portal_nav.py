"""The portal's navigation links, each marked when it is where the reader is."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import template
from django.urls import reverse

register = template.Library()

# Every link of templates/includes/nav_items.html: a page that is itself in the navigation
# ("Register a case", /cases/new/) marks only its own link, not also its section's.
NAV_URL_NAMES = ("cases:case_list", "cases:case_create", "support_logins:grant_list",
                 "superusers:company", "knowledgebase:home")


def nav_current(*, path: str, href: str, nav_hrefs: Collection[str]) -> str:
    """The link's ``aria-current``: "page" on its own page, "true" within its section (a
    case page under "Our cases"), "" elsewhere."""
    if path == href:
        return "page"
    if path.startswith(href) and path not in nav_hrefs:
        return "true"
    return ""


@register.inclusion_tag("includes/nav_link.html", takes_context=True)
def nav_link(context: template.Context, url_name: str, label: str) -> dict[str, Any]:
    # Every page renders all the links: the set of their addresses is built once per render.
    nav_hrefs = context.render_context.get("portal_nav_hrefs")
    if nav_hrefs is None:
        nav_hrefs = context.render_context["portal_nav_hrefs"] = {
            reverse(name) for name in NAV_URL_NAMES}
    href = reverse(url_name)
    request = context.get("request")
    return {"href": href, "label": label,
            "current": nav_current(path=request.path if request else "", href=href,
                                   nav_hrefs=nav_hrefs)}


@register.filter
def manages(user) -> bool:
    """Whether the reports are for ``user`` (managers: staff with the role)."""
    from accounts.roles import is_manager

    return bool(user.is_authenticated and user.is_staff and is_manager(user))
