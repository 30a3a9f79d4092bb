"""The portal's navigation links, each marked when it is where the reader is."""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import (
    get_language,
    get_language_info,
    gettext,
    gettext_noop,
    ngettext,
)

from kundcenter.stand_ins import StandInFragment

register = template.Library()

@lru_cache(maxsize=256)
def _reverse_cached(name: str, prefix: str, urlconf: str) -> str | None:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _url_scope() -> tuple[str, str]:
    """What a reversed address depends on besides its name: the script prefix, the URLconf."""
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


def _reverse_or_none(name: str) -> str | None:
    # The navigation's addresses take no arguments, so they change only with the URLconf
    # and the script prefix: every page would otherwise reverse some twenty names.
    return _reverse_cached(name, *_url_scope())


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


def _link_html(href: str, label: str, current: str, badge: int | None, badge_label: str) -> str:
    # Written out here rather than in an inclusion template: every page has nine of them.
    # The label comes escaped (_nav_entries).
    marked = f' aria-current="{current}"' if current else ""
    shown = (f' <span class="badge rounded-pill text-bg-warning nav-badge" data-unread="{badge}">'
             f'<span aria-hidden="true">{badge}</span><span class="visually-hidden">'
             f"{html.escape(badge_label)}</span></span>") if badge else ""
    return (f'<li class="nav-item"><a class="nav-link{" active" if current else ""}" '
            f'href="{html.escape(href)}"{marked}>{label}{shown}</a></li>')


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


# The main navigation in order: (URL name, label, who sees it, may be missing, its section's
# other pages). "member": a customer's person; "registers": one who may register cases;
# "academy": a reader of the Academy; "everyone". A page that is itself in the navigation
# ("Register a case", /cases/new/) marks only its own link, not also its section's. Links to
# apps that may not be installed yet are left out when their name does not resolve.
_NAV_LINKS = (
    ("cases:case_list", gettext_noop("Our cases"), "member", False, ()),
    ("cases:case_create", gettext_noop("Register a case"), "registers", False, ()),
    ("support_logins:grant_list", gettext_noop("Support logins"), "member", False, ()),
    ("academy:home", gettext_noop("Academy"), "academy", False, ("trainings:session_list",)),
    ("downloads:file_list", gettext_noop("Downloads"), "member", True, ()),
    ("catalogue:home", gettext_noop("Services"), "member", True, ()),
    ("superusers:company", gettext_noop("My company"), "member", False, ()),
    ("knowledgebase:home", gettext_noop("FAQ"), "everyone", False, ()),
)


@lru_cache(maxsize=64)
def _nav_entries(prefix: str, urlconf: str, language: str) -> tuple[
        tuple[tuple[str, str, str, tuple[str, ...]], ...], frozenset[str]]:
    """The navigation's links as (audience, address, escaped label, section addresses), and
    the addresses of all its pages: fixed per URLconf, script prefix and
    language (the caller's active one: the catalogues do not change while a process runs)."""
    entries = []
    for url_name, label, audience, optional, sections in _NAV_LINKS:
        href = _reverse_cached(url_name, prefix, urlconf)
        if href is None and not optional:
            raise NoReverseMatch(f"{url_name} is not a URL name")
        if href is not None:
            section_hrefs = tuple(h for h in (_reverse_cached(name, prefix, urlconf)
                                              for name in sections) if h)
            entries.append((audience, href, html.escape(gettext(label)), section_hrefs))
    nav_hrefs = frozenset(h for _audience, href, _label, sections in entries
                          for h in (href, *sections))
    return tuple(entries), nav_hrefs


@register.simple_tag(takes_context=True)
def portal_nav_items(context: template.Context) -> SafeString:
    """The main navigation's links for the reader, the one of the page shown marked."""
    from academy.templatetags.academy_tags import academy_unread  # portal builds on academy

    user = context.get("user")
    request = context.get("request")
    member = bool(user is not None and user.is_authenticated and user.customer_id)
    eligibility = context.get("support_eligibility")  # a dict (superusers' processor)
    unread = academy_unread(context) if member else None
    shown_to = {"everyone": True, "member": member, "academy": unread is not None,
                "registers": member and eligibility is not None
                and eligibility["may_register_cases"]}
    entries, nav_hrefs = _nav_entries(*_url_scope(), get_language() or "")
    path = request.path if request is not None else ""
    links = []
    for audience, href, label, sections in entries:
        if not shown_to[audience]:
            continue
        badge = unread if audience == "academy" else None
        badge_label = ngettext("%(counter)s unread release note", "%(counter)s unread release notes",
                               badge) % {"counter": badge} if badge else ""
        current = nav_current(path=path, href=href, nav_hrefs=nav_hrefs, section_hrefs=sections)
        links.append(_link_html(href, label, current, badge, badge_label))
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


HEADER_TEMPLATE = "portal/header.html"
# What differs between two pages' headers for one kind of reader: the CSRF token, the page's
# own address (where a change of language returns to) and the reader's name.
_HEADER = StandInFragment(HEADER_TEMPLATE, values=("csrf_token", "next_path", "reader_name"))
# The header's links outside the main navigation that mark the page they lead to.
_MARKED_LINKS = (("home", "home"), ("contact", "contact"), ("profile", "accounts:profile"),
                 ("privacy", "privacy:overview"), ("reports", "reports:sla"))


@lru_cache(maxsize=64)
def _marked_pages(prefix: str, urlconf: str) -> dict[str, str]:
    """Address -> the header link it marks (the first in _MARKED_LINKS wins)."""
    return {href: name for name, url_name in reversed(_MARKED_LINKS)
            if (href := _reverse_cached(url_name, prefix, urlconf)) is not None}


def header_context(context: template.Context) -> tuple[dict[str, Any], dict[str, str]]:
    """What the header shows of this page and reader: (what it is rendered once for, the
    three values each page fills in)."""
    request = context.get("request")
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    current = _marked_pages(*_url_scope()).get(request.path, "") if request is not None else ""
    shown = {"current": current, "nav_items": portal_nav_items(context), "signed_in": signed_in,
             "is_staff": signed_in and user.is_staff, "manages": signed_in and manages(user)}
    return shown, {"csrf_token": str(context.get("csrf_token") or ""),
                   "next_path": request.get_full_path() if request is not None else "",
                   "reader_name": (user.get_full_name() or user.email) if signed_in else ""}


@register.simple_tag(takes_context=True)
def portal_header(context: template.Context) -> SafeString:
    """The layout's header: the brand, the main navigation, language and account.

    For one kind of reader (signed in, staff, manager) in one language it reads the same on
    every page but for which link is current, the navigation (portal_nav_items) and three
    values of the request, so it is rendered once per combination of those and filled in
    (kundcenter.stand_ins)."""
    shown, values = header_context(context)
    return _HEADER.render(tuple(shown.values()), lambda stand_ins: {**shown, **stand_ins},
                          values)
