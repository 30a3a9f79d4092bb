"""The portal's navigation links, each marked when it is where the reader is."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext, ngettext

register = template.Library()

# Every link of the main navigation (portal_nav_items): a page that is itself in the navigation
# ("Register a case", /cases/new/) marks only its own link, not also its section's. Links to
# apps that may not be installed yet are left out when their name does not resolve.
NAV_URL_NAMES = ("cases:case_list", "cases:case_create", "support_logins:grant_list",
                 "academy:home", "trainings:session_list", "downloads:file_list",
                 "catalogue:home", "superusers:company", "knowledgebase:home")


@lru_cache(maxsize=256)
def _reverse_cached(name: str, prefix: str, urlconf: str) -> str | None:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _reverse_or_none(name: str) -> str | None:
    # The navigation's addresses take no arguments, so they change only with the URLconf
    # and the script prefix: every page would otherwise reverse some twenty names.
    return _reverse_cached(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def nav_current(*, path: str, href: str, nav_hrefs: Collection[str],
                section_hrefs: Iterable[str] = ()) -> str:
    """The link's ``aria-current``: "page" on its own page, "true" within its section (a
    case page under "Our cases", a training under "Academy" via ``section_hrefs``), ""
    elsewhere."""
    if path == href:
        return "page"
    if path.startswith(href) and path not in nav_hrefs:
        return "true"
    if any(path.startswith(other) for other in section_hrefs):
        return "true"
    return ""


def _nav_hrefs(context: template.Context) -> set[str]:
    # Every page renders all the links: the set of their addresses is built once per render.
    nav_hrefs = context.render_context.get("portal_nav_hrefs")
    if nav_hrefs is None:
        nav_hrefs = context.render_context["portal_nav_hrefs"] = {
            href for href in map(_reverse_or_none, NAV_URL_NAMES) if href}
    return nav_hrefs


def _link(context: template.Context, href: str, label: str, *, badge: int | None = None,
          badge_label: str = "", sections: Iterable[str] = ()) -> dict[str, Any]:
    request = context.get("request")
    section_hrefs = [h for h in map(_reverse_or_none, sections) if h]
    return {"href": href, "label": label, "badge": badge, "badge_label": badge_label,
            "current": nav_current(path=request.path if request else "", href=href,
                                   nav_hrefs=_nav_hrefs(context), section_hrefs=section_hrefs)}


def _link_html(link: dict[str, Any]) -> str:
    # Written out here rather than in an inclusion template: every page has nine of them.
    current = link.get("current")
    badge = link.get("badge")
    return format_html(
        '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}{}</a></li>',
        " active" if current else "", link["href"],
        format_html(' aria-current="{}"', current) if current else "", link["label"],
        format_html(' <span class="badge rounded-pill text-bg-warning nav-badge" data-unread="{}">'
                    '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>'
                    "</span>", badge, badge, link["badge_label"]) if badge else "")


@register.simple_tag
def plain_url(url_name: str) -> str:
    """``{% url %}`` for an address without arguments, reversed once per URLconf and script
    prefix: the layout has nine of them on every page."""
    href = _reverse_or_none(url_name)
    if href is None:
        raise NoReverseMatch(f"{url_name} is not a URL name")
    return href


@lru_cache(maxsize=64)
def _static_url(path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_static_urls(*, setting: str, **_kwargs: Any) -> None:
    if setting in ("STATIC_URL", "STORAGES"):
        _static_url.cache_clear()


@register.simple_tag
def asset(path: str) -> str:
    """``{% static %}`` for the layout's files, looked up once per process (the storage's
    manifest does not change while it runs)."""
    return _static_url(path)


@register.simple_tag
def optional_url(url_name: str) -> str:
    """The address of ``url_name``, or "" while it does not resolve."""
    return _reverse_or_none(url_name) or ""


@register.filter
def manages(user) -> bool:
    """Whether the reports are for ``user`` (managers: staff with the role)."""
    from accounts.roles import is_manager

    return bool(user.is_authenticated and user.is_staff and is_manager(user))


@register.simple_tag(takes_context=True)
def portal_nav_items(context: template.Context) -> SafeString:
    """The main navigation's links for the reader (written out here rather than as a template
    with a tag per link: that was a tenth of a page's rendering)."""
    user = context.get("user")
    links: list[str] = []

    def add(url_name: str, label: str, *, optional: bool = False, **extra: Any) -> None:
        href = _reverse_or_none(url_name)
        if href is None and not optional:
            raise NoReverseMatch(f"{url_name} is not a URL name")
        if href is not None:
            links.append(_link_html(_link(context, href, label, **extra)))

    if user is not None and user.is_authenticated and user.customer_id:
        add("cases:case_list", gettext("Our cases"))
        eligibility = context.get("support_eligibility")  # a dict (superusers' processor)
        if eligibility is not None and eligibility["may_register_cases"]:
            add("cases:case_create", gettext("Register a case"))
        add("support_logins:grant_list", gettext("Support logins"))
        from academy.templatetags.academy_tags import academy_unread  # portal builds on academy

        unread = academy_unread(context)
        if unread is not None:
            add("academy:home", gettext("Academy"), badge=unread,
                badge_label=ngettext("%(counter)s unread release note",
                                     "%(counter)s unread release notes", unread) % {"counter": unread},
                sections=["trainings:session_list"])
        add("downloads:file_list", gettext("Downloads"), optional=True)
        add("catalogue:home", gettext("Services"), optional=True)
        add("superusers:company", gettext("My company"))
    add("knowledgebase:home", gettext("FAQ"))
    return mark_safe("\n".join(links))


@lru_cache(maxsize=16)
def _language_options_html(languages: tuple[str, ...], current: str) -> str:
    return "".join(
        f'<option value="{escape(code)}" lang="{escape(code)}" '
        f'{"selected" if code == current else ""}>'
        f'{escape(capfirst(get_language_info(code)["name_local"]))}</option>'
        for code in languages)


@register.simple_tag
def language_options() -> SafeString:
    """The language menu's options, the current language selected: the same on every page."""
    return mark_safe(_language_options_html(tuple(code for code, _name in settings.LANGUAGES),
                                            get_language() or ""))
