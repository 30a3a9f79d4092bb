"""Bad input gets a clear answer, never a 500 (issue 9, item 10).

Every URL pattern of the root resolver, admin included, is requested with hostile values:
in each path parameter, in each GET parameter its view reads, in the request headers, and,
for views that take a POST, in each form field. Each request is made as an anonymous visitor, as a customer's
SuperUser and as staff (a Django superuser, so every admin page opens), and every answer must
be below 500.

What is sent is derived, so a new URL, filter or form is covered without touching this file:

* URL patterns and their path parameters from ``get_resolver()``;
* GET parameters from the pages themselves (links with a query string, GET forms and htmx
  ``hx-get`` attributes aimed at the URL), from every ``request.GET`` read in the view's
  module, and for admin changelists from the ModelAdmin (list filters, date hierarchy,
  search, ordering, paging);
* POST fields from the forms on the pages that post to the URL, each form also refilled
  with valid values but one hostile field; an intermediate page a POST answers with (an
  admin action's "apply" step, the support-login confirmation) is filled in the same way;
* admin actions from each changelist's action menu;
* the admin autocomplete as each autocomplete field of every ModelAdmin asks it.

The pages are crawled once per run of this module (lazily, inside its first test) with
valid values for every path parameter, from one object of every kind the factories build.
How many values each parameter gets alone is budgeted (see PARAM_VALUES) to keep the run
near a minute; HOSTILE_INPUT_THOROUGH=1 sends every value everywhere.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, urljoin, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from academy.models import FeedToken, Release, Resource
from api.models import PersonalAccessToken
from downloads.models import ProductVersion
from kundcenter.converters import CaseNumberConverter, PkConverter
from privacy.models import ErasureRequest
from trainings.models import TrainingBooking, TrainingSession

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

# The values each parameter gets in turn. Keys name them in failure reports.
HOSTILE = {
    "nul": "\x00",
    "nul-inside": "ab\x00cd",
    "percent-00-text": "%00",          # arrives as the three characters, not as a NUL
    "long": "x" * 3000,
    "negative": "-1",
    "huge-int": "99999999999999999999",
    "dot-dot": "../../etc/passwd",
    "unicode": "Åäö ñ € 😀 \u202e\ufeff",
    "sql": "' OR 1=1--",
    "empty": "",
}
# A well-formed value that names nothing, per converter (the default for other converters).
VALID_LOOKING = {"int": "987654321", "pk": "987654321", "case_number": "2099-999999",
                 "feed_token": "A" * 43,
                 "uidb64": "OTg3NjU0MzIx", "reset_token": "abc123-0123456789abcdef0123"}
VALID_LOOKING_DEFAULT = "no-such-thing"

# Parameter names Django's admin reads on every page, on changelists, and on autocomplete.
ADMIN_PAGE_PARAMS = ("_popup", "_to_field", "_changelist_filters", "next")
ADMIN_CHANGELIST_PARAMS = ("q", "o", "p", "e", "all", "_facets")
AUTOCOMPLETE_PARAMS = ("term", "app_label", "model_name", "field_name", "page")
PORTAL_PARAMS = ("page", "next")
# Request headers the portal, Django, htmx or axes read (axes stores some on a failed login).
HEADERS = ("HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE",
           "HTTP_X_FORWARDED_FOR", "HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_CURRENT_URL",
           "HTTP_X_REQUEST_ID")
HEADER_VALUES = ("nul-inside", "long")

ROLES = ("anonymous", "superuser", "staff")


# --- URL patterns -----------------------------------------------------------------------

@dataclass(frozen=True)
class Endpoint:
    key: str                   # the pattern name, or its route when it has none
    template: str              # "/cases/{number}/"
    converters: dict[str, str] = field(hash=False)   # parameter -> converter name
    callback: Callable = field(hash=False)

    @property
    def params(self) -> list[str]:
        return list(self.converters)

    @property
    def is_admin(self) -> bool:
        return self.template.startswith("/admin/")

    @property
    def model_admin(self) -> admin.ModelAdmin | None:
        found = getattr(self.callback, "model_admin", None)
        bound = getattr(getattr(self.callback, "__wrapped__", None), "__self__", None)
        return found or (bound if isinstance(bound, admin.ModelAdmin) else None)

    @property
    def view_module(self) -> str:
        view = getattr(self.callback, "view_class", None) or self.callback
        view = inspect.unwrap(view)
        return getattr(view, "__module__", "")

    def url(self, values: dict[str, str]) -> str:
        return self.template.format(**{name: quote(values[name], safe="") for name in values})


_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>[^()]*\)")


def _piece(pattern) -> tuple[str, dict[str, str]]:
    """A pattern's text as a format string, and its parameters with their converters."""
    converters: dict[str, str] = {}
    if isinstance(pattern, RoutePattern):
        def route_param(match):
            converters[match["name"]] = match["converter"] or "str"
            return f"{{{match['name']}}}"
        return _ROUTE_PARAM.sub(route_param, str(pattern)), converters
    assert isinstance(pattern, RegexPattern), pattern

    def regex_param(match):
        converters[match["name"]] = "regex"
        return f"{{{match['name']}}}"
    text = _REGEX_PARAM.sub(regex_param, str(pattern)).removeprefix("^").removesuffix("$")
    assert not re.search(r"[\\^$()*+?\[\]|]", text), f"cannot build a URL from {pattern}"
    return text, converters


def _walk(patterns, prefix: str = "/", namespace: str = "",
          converters: dict[str, str] | None = None) -> Iterator[Endpoint]:
    for entry in patterns:
        text, found = _piece(entry.pattern)
        inherited = {**(converters or {}), **found}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + text, inner, inherited)
        else:
            assert isinstance(entry, URLPattern)
            key = f"{namespace}{entry.name}" if entry.name else (prefix + text).lstrip("/")
            yield Endpoint(key=key, template=prefix + text, converters=inherited,
                           callback=entry.callback)


ENDPOINTS = {endpoint.key: endpoint for endpoint in _walk(get_resolver().url_patterns)}
_BY_VIEW = {id(endpoint.callback): endpoint for endpoint in ENDPOINTS.values()}


def endpoint_for(path: str) -> Endpoint | None:
    try:
        return _BY_VIEW.get(id(resolve(path).func))
    except Resolver404:
        return None


# --- One object of every kind -------------------------------------------------------------

@dataclass
class World:
    users: dict[str, object]
    objects: dict[type, object]        # model -> the instance its admin URLs use
    case: object
    attachment: object
    grant: object
    article: object
    victim: object                     # a plain user the admin may delete


def _build_world() -> World:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from audit.services import audit_record
    from sla.models import SupportCalendar
    from sla.services import day_override_set
    from tests.factories import (
        WEDNESDAY_MORNING,
        ArticleFactory,
        ArticleVoteFactory,
        DeflectionEventFactory,
        FeedbackFactory,
        SavedReplyFactory,
        StaffFactory,
        UserFactory,
        grant_support_login,
        make_superuser,
        register_case,
    )

    superuser = make_superuser()
    staff = StaffFactory(is_superuser=True, support_team="crafts")
    case = register_case(reporter=superuser, attachments=[
        SimpleUploadedFile("notes.txt", b"hello")])
    attachment = case.attachments.first()
    grant = grant_support_login(case=register_case(reporter=superuser, now=WEDNESDAY_MORNING))
    article = ArticleFactory()
    ArticleVoteFactory(article=article)
    DeflectionEventFactory(article=article)
    FeedbackFactory()
    SavedReplyFactory()
    from mailintake.models import BouncingAddress, InboundMail

    InboundMail.objects.create(key="<hostile@example.com>", office="SE", received_at=WEDNESDAY_MORNING,
                               route="ignore", status="processed")
    from privacy.services import erasure_request

    erasure_request(person=superuser, now=WEDNESDAY_MORNING)
    BouncingAddress.objects.create(address="gone@example.com", bounces=1,
                                   first_bounced_at=WEDNESDAY_MORNING,
                                   last_bounced_at=WEDNESDAY_MORNING, last_status="5.1.1")
    audit_record(actor=staff, action="hostile.setup", subject=case)
    calendar = SupportCalendar.objects.first()
    day_override_set(calendar=calendar, day=dt.date(2030, 6, 3),
                     intervals=[(dt.time(9), dt.time(12))], note="Short day")
    attempt = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "x@example.com",
               "http_accept": "*/*", "path_info": "/accounts/login/"}
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    from tests.factories.catalogue import ServiceItemFactory
    from tests.factories.downloads import ProductFactory, make_product_version
    from tests.factories.trainings import TrainingSessionFactory
    from trainings.services import training_book

    trained_module = superuser.trainings.first().module
    from academy.services import feed_token_create
    from tests.factories.academy import ResourceFactory, WishFactory, published_release

    published_release(trained_module)
    ResourceFactory(module=trained_module)
    WishFactory(customer=superuser.customer)
    academy_feed, academy_token = feed_token_create(user=superuser, language="sv",
                                                    now=WEDNESDAY_MORNING)
    from api.services import token_create

    api_token = token_create(user=superuser, name="Hostile", scope="read", expires_at=None,
                             now=WEDNESDAY_MORNING).token
    make_product_version(product=ProductFactory(modules=[trained_module]))
    ServiceItemFactory(module=trained_module)
    training_book(session=TrainingSessionFactory(module=trained_module), user=superuser,
                  now=WEDNESDAY_MORNING)
    from ops.tasks import beat_heartbeat

    beat_heartbeat.delay("hostile-input")  # inline: beat is alive, /readyz can say 200
    victim = UserFactory()
    objects = {model: model._default_manager.order_by("-pk").first()
               for model in admin.site._registry}
    objects.update({type(victim): victim, type(case): case, type(article): article,
                    type(academy_feed): academy_feed, "academy_feed_token": academy_token,
                    type(api_token): api_token})
    return World(users={"superuser": superuser, "staff": staff}, objects=objects, case=case,
                 attachment=attachment, grant=grant, article=article, victim=victim)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once; every test runs in a savepoint inside this transaction, which is rolled
    back at the end of the module."""
    # Beat's heartbeat (written in the world) stays fresh for the whole module, so /readyz
    # answers 200 here and a 5xx from it means a crash, not "beat is late".
    with django_db_blocker.unblock(), override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"), OPS_BEAT_STALE_SECONDS=24 * 3600):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def valid_values(endpoint: Endpoint, world: World) -> dict[str, str]:
    """Path parameters that name existing objects, so the view gets past its lookups."""
    by_name: dict[str, object] = {
        "cases:attachment": {"pk": world.attachment.pk},
        "support_logins:grant_revoke": {"pk": world.grant.pk},
        "knowledgebase:article": {"pk": world.article.pk},
        "knowledgebase:vote": {"pk": world.article.pk},
        "admin:knowledgebase_article_preview": {"pk": world.article.pk},
        "admin:cases_case_attachment": {"case_id": world.case.pk, "pk": world.attachment.pk},
        "admin:cases_case_snippets": {"case_id": world.case.pk},
        "admin:cases_case_reply_preview": {"case_id": world.case.pk},
        "admin:cases_case_faq_draft": {"case_id": world.case.pk},
        "admin:cases_case_time_log": {"case_id": world.case.pk},
        "admin:cases_case_links": {"case_id": world.case.pk},
        "admin:privacy_person_erase": {"user_id": world.victim.pk},
        "downloads:file": {"pk": world.objects[ProductVersion].pk},
        "academy:release_detail": {"pk": world.objects[Release].pk},
        "academy:resource_download": {"pk": world.objects[Resource].pk},
        "academy:feed_token_revoke": {"pk": world.objects[FeedToken].pk},
        "api_tokens:revoke": {"pk": world.objects[PersonalAccessToken].pk},
        "api-case-detail": {"number": world.case.number},
        "api-case-reply": {"number": world.case.number},
        "api-attachment": {"pk": world.attachment.pk},
        "api-estimate-accept": {"number": world.case.number},
        "api-support-login-revoke": {"pk": world.grant.pk},
        "api-support-login-grant": {"number": world.case.number},
        "api-faq-article": {"pk": world.article.pk},
        "api-staff-queue": {"queue": "unassigned"},
        "academy:feed": {"token": world.objects["academy_feed_token"]},
        "trainings:session_detail": {"pk": world.objects[TrainingSession].pk},
        "trainings:session_book": {"pk": world.objects[TrainingSession].pk},
        "trainings:booking_cancel": {"pk": world.objects[TrainingBooking].pk},
        "trainings:booking_ics": {"pk": world.objects[TrainingBooking].pk},
        "admin:privacy_erasure_decline": {"request_id": world.objects[ErasureRequest].pk},
        "privacy:person_overview": {"user_id": world.victim.pk},
        "privacy:person_export_json": {"user_id": world.victim.pk},
        "privacy:person_export_zip": {"user_id": world.victim.pk},
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(world.article).pk,
            "object_id": world.article.pk},
        "admin:auth_user_password_change": {"id": world.victim.pk},
        "admin:app_list": {"app_label": "cases"},
        "accounts:password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(world.victim.pk)),
            "token": default_token_generator.make_token(world.victim)},
    }.get(endpoint.key, {})
    values = {}
    for name in endpoint.params:
        if name in by_name:
            values[name] = str(by_name[name])
        elif name == "number":
            values[name] = world.case.number
        elif name == "object_id" and endpoint.model_admin is not None:
            values[name] = str(world.objects[endpoint.model_admin.model].pk)
        elif name == "url":  # the admin's catch-all
            values[name] = "no-such-page/"
        else:
            values[name] = VALID_LOOKING.get(endpoint.converters[name], VALID_LOOKING_DEFAULT)
    return values


# --- Reading pages ----------------------------------------------------------------------

@dataclass
class Form:
    action: str
    method: str
    defaults: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def fields(self) -> list[str]:
        return list(self.defaults)


class PageParser(HTMLParser):
    """Forms (field names, the values a browser would send, the choices), links and htmx
    requests of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._htmx: list[tuple[str, str, dict[str, str]]] = []
        self._names_by_id: dict[str, str] = {}
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {name: value if value is not None else "" for name, value in attrs}
        if a.get("id") and a.get("name"):
            self._names_by_id[a["id"]] = a["name"]
        for method in ("get", "post"):
            if a.get(f"hx-{method}"):
                self._htmx.append((method, a[f"hx-{method}"], a))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is not None and tag == "option" and self._select:
            form.options[self._select].append(a.get("value", ""))
            if "selected" in a:
                form.defaults[self._select].append(a.get("value", ""))
        if form is None or not name:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image", "reset", "button"):
                form.options[name].append(a.get("value", ""))
                form.defaults.setdefault(name, [a.get("value", "")])
            elif kind == "file":
                form.defaults.setdefault(name, [])
            elif kind in ("checkbox", "radio"):
                form.options[name].append(a.get("value", "on"))
                form.defaults.setdefault(name, [])
                if "checked" in a:
                    form.defaults[name].append(a.get("value", "on"))
            else:
                form.defaults.setdefault(name, []).append(a.get("value", ""))
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.options[name].append(a.get("value", ""))
            form.defaults.setdefault(name, [a.get("value", "")])
        elif tag == "select":
            self._select = name
            form.defaults.setdefault(name, [])
        elif tag == "textarea":
            self._textarea, self._text = name, []
            form.defaults.setdefault(name, [])

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._form.defaults[self._select] and self._form.options[self._select]:
                self._form.defaults[self._select] = self._form.options[self._select][:1]
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.defaults[self._textarea].append("".join(self._text).lstrip("\n"))
            self._textarea = None

    @property
    def htmx(self) -> list[tuple[str, str, dict[str, str]]]:
        """(method, URL, the parameters htmx sends: its own name, hx-vals, hx-include)."""
        found = []
        for method, url, a in self._htmx:
            params = {a["name"]: a.get("value", "")} if a.get("name") else {}
            try:
                params.update({k: str(v) for k, v in json.loads(a.get("hx-vals") or "{}").items()})
            except (ValueError, AttributeError):
                pass
            for selector in (a.get("hx-include") or "").split(","):
                name = self._names_by_id.get(selector.strip().removeprefix("#"))
                if name:
                    params.setdefault(name, "")
            found.append((method, url, params))
        return found


def parse_page(response) -> PageParser:
    parser = PageParser()
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        parser.feed(response.content.decode(errors="replace"))
    return parser


@dataclass
class Surface:
    """What one endpoint is sent, as collected from the pages and the code."""

    get_params: set[str] = field(default_factory=set)
    # What a GET form or an htmx request sends together: each parameter is also sent alone
    # inside its context, since a view may read one only given another (?field=subject).
    get_contexts: set[tuple[tuple[str, str], ...]] = field(default_factory=set)
    forms: dict[str, dict[tuple, Form]] = field(default_factory=lambda: defaultdict(dict))

    def add_form(self, role: str, form: Form) -> None:
        # The language and logout forms are on every page: keep one of each per role.
        self.forms[role].setdefault((form.action, tuple(sorted(form.defaults))), form)


def _absolute(page_url: str, target: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(urljoin(page_url, target))
    return parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))


def _record_page(surfaces: dict[str, Surface], role: str, page_url: str,
                 page: PageParser) -> None:
    for link in page.links:
        path, query = _absolute(page_url, link)
        if query and (target := endpoint_for(path)):
            surfaces[target.key].get_params.update(query)
    for method, url, sent in page.htmx:
        path, query = _absolute(page_url, url)
        if target := endpoint_for(path):
            params = {**query, **sent}
            if method == "get":
                surfaces[target.key].get_params.update(params)
                surfaces[target.key].get_contexts.add(tuple(sorted(params.items())))
            else:
                surfaces[target.key].add_form(role, Form(
                    action=urljoin(page_url, url), method="post",
                    defaults={p: [v] for p, v in params.items()}))
    for form in page.forms:
        path, query = _absolute(page_url, form.action)
        target = endpoint_for(path)
        if target is None:
            continue
        if form.method == "get":
            surfaces[target.key].get_params.update(form.fields())
            values = {name: value if isinstance(value, str) else value[0]
                      for name, value in _form_data(form).items()}
            surfaces[target.key].get_contexts.add(tuple(sorted({**query, **values}.items())))
        else:
            form.action = urljoin(page_url, form.action or page_url)
            surfaces[target.key].add_form(role, form)
        surfaces[target.key].get_params.update(query)


_GET_READ = re.compile(r"""\bGET(?:\.get|\.getlist|\.pop|\.__getitem__)?\(\s*["'](\w+)["']"""
                       r"""|\bGET\[\s*["'](\w+)["']\s*\]""")


def _get_reads_of_module(module: str) -> set[str]:
    """The names a module reads from request.GET literally: ``GET.get("page")``."""
    if not module or module.startswith("django."):
        return set()
    path = ROOT / Path(*module.split(".")).with_suffix(".py")
    if not path.exists():
        return set()
    return {a or b for a, b in _GET_READ.findall(path.read_text())}


def _changelist_params(model_admin: admin.ModelAdmin, staff) -> set[str]:
    request = RequestFactory().get("/")
    request.user = staff
    changelist = model_admin.get_changelist_instance(request)
    names = set(ADMIN_CHANGELIST_PARAMS)
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return names


def _autocomplete_contexts() -> set[tuple[tuple[str, str], ...]]:
    """The admin's autocomplete as each autocomplete field asks it (term, page)."""
    contexts = set()
    for model, model_admin in admin.site._registry.items():
        admins = [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]
        for each in admins:
            for name in each.autocomplete_fields:
                opts = each.model._meta
                contexts.add(tuple(sorted({"app_label": opts.app_label,
                                           "model_name": opts.model_name, "field_name": name,
                                           "term": "inv", "page": "1"}.items())))
    return contexts


def roles_for(endpoint: Endpoint) -> dict[str, str]:
    """Who is sent what. "full": every parameter and field alone, with every value it
    gets; "light": the path parameters, and each value in all parameters at once;
    "path": the path parameters only (the admin sends anonymous visitors to its login page
    before a model's page reads a parameter; staff without a customer get the portal's
    refusal page)."""
    if endpoint.is_admin:
        return {"anonymous": "path" if endpoint.model_admin else "full", "staff": "full"}
    return {"anonymous": "full", "superuser": "full", "staff": "light"}


class Crawler:
    """Logs in the roles and reads every page once with valid path parameters."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.surfaces: dict[str, Surface] = defaultdict(Surface)
        clients = {role: self.client(role) for role in ROLES}
        for endpoint in ENDPOINTS.values():
            url = endpoint.url(valid_values(endpoint, world))
            for role, plan in roles_for(endpoint).items():
                if plan == "path":
                    continue
                response = clients[role].get(url)
                if response.status_code < 400:
                    _record_page(self.surfaces, role, url, parse_page(response))
        staff = world.users["staff"]
        for endpoint in ENDPOINTS.values():
            surface = self.surfaces[endpoint.key]
            surface.get_params.update(_get_reads_of_module(endpoint.view_module))
            if endpoint.is_admin:
                surface.get_params.update(ADMIN_PAGE_PARAMS)
                if endpoint.key.endswith("_changelist") and endpoint.model_admin:
                    surface.get_params.update(_changelist_params(endpoint.model_admin, staff))
                if endpoint.key == "admin:autocomplete":
                    surface.get_params.update(AUTOCOMPLETE_PARAMS)
                    surface.get_contexts.update(_autocomplete_contexts())
            else:
                surface.get_params.update(PORTAL_PARAMS)
            surface.get_params.discard("csrfmiddlewaretoken")

    def client(self, role: str) -> Client:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(self.world.users[role])
        return client


_crawled: dict[int, Crawler] = {}


@pytest.fixture
def crawler(world, db) -> Crawler:
    """Read once per world: the forms it finds name that world's objects."""
    if id(world) not in _crawled:
        _crawled.clear()
        _crawled[id(world)] = Crawler(world)
    return _crawled[id(world)]


# --- Sending ----------------------------------------------------------------------------

# How many values a parameter gets is budgeted, to keep the run near a minute or so on
# SQLite (some ten thousand requests). All parameters or all fields at once get
# COMBINED_VALUES (all but the two that differ from "sql" only as a path). One alone gets
# fewer: a GET parameter PARAM_VALUES and, in the portal, one more in turn (the i-th gets
# ROTATING[i]); a portal form field FIELD_VALUES and its ROTATING value; an admin form field
# a NUL and its ROTATING value (a Django form cleans every field whatever the others hold,
# so all at once already reaches each field's checks; a NUL alone is cheap, a 400 before any
# view, and must not hide behind another field). Admin pages other than changelists and the
# autocomplete read only the admin's own parameters, all of them on every request: they get
# them all at once only. HOSTILE_INPUT_THOROUGH=1 sends every value everywhere (about five
# minutes on SQLite, seven on PostgreSQL).
THOROUGH = os.environ.get("HOSTILE_INPUT_THOROUGH") == "1"
COMBINED_VALUES = {key: value for key, value in HOSTILE.items()
                   if THOROUGH or key not in ("dot-dot", "percent-00-text")}
PARAM_VALUES = ("nul-inside", "huge-int", "sql")
FIELD_VALUES = ("nul-inside", "sql")
ROTATING = ("negative", "long", "empty", "unicode", "huge-int", "percent-00-text", "dot-dot")
# Further rows of an inline formset and its empty template are built like the first row.
_LATER_ROW = re.compile(r"-(?:[1-9][0-9]*|__prefix__)-")


@dataclass
class Probe:
    """Sends requests for one endpoint and keeps every answer of 500 or more."""

    endpoint: Endpoint
    clients: dict[str, Client]
    failures: list[str] = field(default_factory=list)
    count: int = 0

    def send(self, role: str, method: str, url: str, data: dict | None, what: tuple[str, ...],
             headers: dict[str, str] | None = None) -> object:
        self.count += 1
        client, extra = self.clients[role], headers or {}
        response = (client.get(url, data, **extra) if method == "get"
                    else client.post(url, data or {}, **extra))
        if response.status_code >= 500:
            shown = url if len(url) < 120 else url[:117] + "..."
            error = getattr(response, "exc_info", None)
            cause = f" ({error[0].__name__}: {str(error[1])[:80]})" if error else ""
            self.failures.append(f"{response.status_code} {method.upper()} {shown} as {role}: "
                                 f"{' '.join(what)}{cause}")
        return response


def _form_data(form: Form, hostile_field: str | None = None, value: str = "") -> dict:
    """What a browser would send, with ``hostile_field`` set to ``value``."""
    data: dict = {name: values if len(values) > 1 else values[0]
                  for name, values in form.defaults.items()
                  if values and name != "csrfmiddlewaretoken"}
    if hostile_field is not None:
        data[hostile_field] = value
    return data


def _field_values(endpoint: Endpoint, index: int) -> tuple[str, ...]:
    if THOROUGH:
        return tuple(HOSTILE)
    turn = (ROTATING[index % len(ROTATING)],)
    return ("nul-inside", *turn) if endpoint.is_admin else (*FIELD_VALUES, *turn)


def _param_values(endpoint: Endpoint, index: int) -> tuple[str, ...]:
    if THOROUGH:
        return tuple(HOSTILE)
    if endpoint.is_admin:
        return PARAM_VALUES  # a changelist renders whole for most values: the costly part
    return (*PARAM_VALUES, ROTATING[index % len(ROTATING)])


def _fill_form(probe: Probe, role: str, form: Form, plan: str, depth: int = 0) -> None:
    names = [name for name in form.fields() if name != "csrfmiddlewaretoken"]
    for key, value in COMBINED_VALUES.items():
        # A formset's counts stay as they are here: a huge TOTAL_FORMS builds a thousand
        # forms (Django's cap) in every such request. Each count is sent alone below.
        data = {**dict.fromkeys(names or ["field"], value),
                **{name: values for name, values in _form_data(form).items()
                   if name.endswith("_FORMS")}}
        probe.send(role, "post", form.action, data, ("all fields", key))
    if plan != "full":
        return
    for index, name in enumerate(n for n in names if not _LATER_ROW.search(n)):
        for key in _field_values(probe.endpoint, index):
            probe.send(role, "post", form.action, _form_data(form, name, HOSTILE[key]),
                       (name, key))
    if depth == 0:
        for key in HEADER_VALUES:
            probe.send(role, "post", form.action, _form_data(form), ("headers", key),
                       headers=dict.fromkeys(HEADERS, HOSTILE[key]))
        _follow_up(probe, role, form)


def _follow_up(probe: Probe, role: str, form: Form) -> None:
    """A valid POST that answers with another form to the same URL (an admin action's
    intermediate page, a confirmation step): fill that one too, for each action of the
    admin's action menu."""
    valid = _form_data(form)
    if form.options.get("_selected_action"):
        valid["_selected_action"] = form.options["_selected_action"][0]
    variants = [valid]
    if form.options.get("action"):
        variants = [{**valid, "action": action} for action in form.options["action"] if action]
    for data in variants:
        response = probe.send(role, "post", form.action, data, ("valid", str(data.get("action"))))
        if response is None or response.status_code != 200:
            continue
        for following in parse_page(response).forms:
            action = urljoin(form.action, following.action or form.action)
            if (following.method == "post" and action == form.action
                    and set(following.fields()) != set(form.fields())):
                following.action = action
                _fill_form(probe, role, following, "full", depth=1)


def _sweep(endpoint: Endpoint, world: World, crawler: Crawler) -> Probe:
    surface = crawler.surfaces[endpoint.key]
    plans = roles_for(endpoint)
    probe = Probe(endpoint, {role: crawler.client(role) for role in plans})
    valid = valid_values(endpoint, world)
    takes_post = any(surface.forms.values()) or hasattr(
        getattr(endpoint.callback, "view_class", None), "post")
    for role, plan in plans.items():
        # Path parameters, one at a time, the others valid.
        for name in endpoint.params:
            looking_valid = VALID_LOOKING.get(endpoint.converters[name], VALID_LOOKING_DEFAULT)
            for value_key, value in {**HOSTILE, "valid-looking": looking_valid}.items():
                url = endpoint.url({**valid, name: value})
                probe.send(role, "get", url, None, (name, value_key))
                if takes_post and plan != "path":
                    probe.send(role, "post", url, {"field": value}, (name, value_key))
        if plan == "path":
            continue
        url = endpoint.url(valid)
        for value_key in HEADER_VALUES:
            probe.send(role, "get", url, None, ("headers", value_key),
                       headers=dict.fromkeys(HEADERS, HOSTILE[value_key]))
        # GET parameters: all at once, then one at a time.
        for value_key, value in COMBINED_VALUES.items():
            probe.send(role, "get", url, dict.fromkeys(surface.get_params, value),
                       ("all params", value_key))
        reads_alone = (not endpoint.is_admin or endpoint.model_admin is None
                       or endpoint.key.endswith("_changelist"))
        if plan == "full" and (reads_alone or THOROUGH):
            for index, name in enumerate(sorted(surface.get_params)):
                for value_key in _param_values(endpoint, index):
                    probe.send(role, "get", url, {name: HOSTILE[value_key]}, (name, value_key))
            for context in sorted(c for c in surface.get_contexts if len(c) > 1):
                for index, (name, _value) in enumerate(context):
                    for value_key in _param_values(endpoint, index):
                        probe.send(role, "get", url, {**dict(context), name: HOSTILE[value_key]},
                                   (name, value_key, "with", *(n for n, _v in context)))
        # The forms this role saw that post here.
        for form in surface.forms.get(role, {}).values():
            _fill_form(probe, role, form, plan)
    return probe


_counts: dict[str, int] = {}


@pytest.mark.parametrize("key", sorted(ENDPOINTS))
def test_hostile_input_never_gets_a_5xx(key, world, crawler):
    probe = _sweep(ENDPOINTS[key], world, crawler)
    _counts[key] = probe.count
    assert not probe.failures, (f"{len(probe.failures)} of {probe.count} requests got a 5xx:\n"
                                + "\n".join(probe.failures[:40]))




def test_every_url_parameter_has_a_valid_value(world):
    """Else the hostile test only reaches the view's 404 for the other parameters."""
    for endpoint in ENDPOINTS.values():
        for name, value in valid_values(endpoint, world).items():
            guessed = value in (VALID_LOOKING_DEFAULT, *VALID_LOOKING.values())
            assert not guessed, (
                f"{endpoint.key}: give the parameter {name!r} a value in valid_values()")


def test_every_admin_model_has_an_object(world):
    missing = [model.__name__ for model, obj in world.objects.items() if obj is None]
    assert not missing, f"build one object of each in _build_world(): {missing}"


# --- The converter ----------------------------------------------------------------------

@pytest.mark.parametrize("value", ["2026-000001", "1999-123456"])
def test_case_number_converter_accepts_case_numbers(value):
    converter = CaseNumberConverter()
    assert re.fullmatch(converter.regex, value)
    assert converter.to_python(value) == value
    assert converter.to_url(value) == value
    assert reverse("cases:case_detail", args=[value]) == f"/cases/{value}/"


@pytest.mark.parametrize("value", ["", "\x00", "2026-00001", "2026-0000001", "26-000001",
                                   "2026_000001", "2026-00000a", "../", "٢٠٢٦-٠٠٠٠٠١",
                                   "2026-000001\n", " 2026-000001"])
def test_case_number_converter_refuses_everything_else(value):
    assert not re.fullmatch(CaseNumberConverter.regex, value)
    with pytest.raises(ValueError):
        CaseNumberConverter().to_url(value)
    with pytest.raises(NoReverseMatch):
        reverse("cases:case_detail", args=[value])
    with pytest.raises(Resolver404):
        resolve(f"/cases/{value}/")


def test_case_number_urls_use_the_converter():
    """Every URL pattern with a case number in it takes only well-formed ones."""
    numbered = [e for e in ENDPOINTS.values() if "number" in e.converters]
    assert {e.key for e in numbered} >= {"cases:case_detail", "support_logins:grant_create"}
    assert all(e.converters["number"] == "case_number" for e in numbered), [
        (e.key, e.converters["number"]) for e in numbered]


def test_no_url_takes_any_string():
    """A parameter that is any text reaches the view however it looks: give it a converter
    (kundcenter.converters). The admin's own object ids and catch-all are Django's."""
    loose = [(e.key, name) for e in ENDPOINTS.values() for name, converter in e.converters.items()
             if converter in ("str", "path", "regex") and not e.is_admin]
    assert not loose


@pytest.mark.parametrize(("value", "expected"), [("1", 1),
                                                 ("123456789012345678", 123456789012345678)])
def test_pk_converter_accepts_keys(value, expected):
    assert PkConverter().to_python(value) == expected
    assert PkConverter().to_url(expected) == value


@pytest.mark.parametrize("value", ["", "-1", "1234567890123456789", "99999999999999999999", "1a",
                                   "١٢"])
def test_pk_converter_refuses_what_no_key_is(value):
    assert not re.fullmatch(PkConverter.regex, value)
    with pytest.raises(Resolver404):
        resolve(f"/faq/{value}/")


# --- The examples of the issue ----------------------------------------------------------

@pytest.mark.parametrize("url", ["/faq/suggest/?q=%00abc", "/faq/search/?q=ab%00c",
                                 "/cases/?q=%00", "/accounts/login/?next=%00"])
def test_a_nul_byte_in_a_parameter_is_a_400_with_a_reason(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "The request contains a character that is not allowed."


def test_a_nul_byte_in_the_path_is_a_400(client):
    response = client.get("/cases/%00/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.content.decode() == "The address contains a character that is not allowed."


def test_a_nul_byte_in_a_form_field_is_a_400(client):
    response = client.post("/accounts/login/", {"username": "a\x00@example.com",
                                                "password": "x"})
    assert response.status_code == 400


def test_a_case_number_that_is_not_one_is_a_404(client):
    from tests.factories import register_case

    case = register_case()
    client.force_login(case.reporter)
    assert client.get(f"/cases/{case.number}/").status_code == 200
    for number in ("%00", "' OR 1=1--", "x" * 300, "2026-1", "../"):
        assert client.get(f"/cases/{number}/").status_code in (400, 404)


def test_admin_filters_refuse_unknown_values(client, world):
    client.force_login(world.users["staff"])
    changelist = "/admin/cases/case/"
    for params in ({"sla": "garbage"}, {"team": "nope"}):
        response = client.get(changelist, params)
        assert response.status_code == 302 and response["Location"].endswith("?e=1")
    assert client.get(changelist, {"team": "\x00"}).status_code == 400
    for params in ({"year": "abc"}, {"year": "-1"}, {"year": "99999999999999999999"}):
        response = client.get("/admin/sla/closedday/", params)
        assert response.status_code == 302 and response["Location"].endswith("?e=1")
    response = client.get("/admin/support_logins/supportlogingrant/", {"active": "maybe"})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


@pytest.mark.parametrize("params", [{"date__year": "99999999999999999999"},
                                    {"date__year": "9999"},
                                    {"date__year": "2026", "date__month": "13"}])
def test_admin_date_hierarchy_values_that_are_no_date_are_a_400(client, world, params):
    client.force_login(world.users["staff"])
    assert client.get("/admin/sla/closedday/", params).status_code == 400
    assert client.get("/admin/sla/closedday/", {"date__year": "2026"}).status_code == 200


def test_admin_autocomplete_with_a_nul_byte_is_a_400(client, world):
    client.force_login(world.users["staff"])
    params = {"app_label": "customers", "model_name": "licence", "field_name": "customer"}
    assert client.get("/admin/autocomplete/", {**params, "term": "Cust"}).status_code == 200
    assert client.get("/admin/autocomplete/", {**params, "term": "\x00"}).status_code == 400


def test_admin_object_pages_with_an_empty_to_field_are_a_400(client, world):
    client.force_login(world.users["staff"])
    url = f"/admin/cases/case/{world.case.pk}/change/"
    assert client.get(url, {"_to_field": ""}).status_code == 400


def test_admin_related_fields_refuse_keys_no_row_can_have(client, world):
    client.force_login(world.users["staff"])
    for value in ("abc", "99999999999999999999", "-1"):
        response = client.post("/admin/superusers/superuserseat/add/",
                               {"licence": value, "user": value})
        assert response.status_code == 200  # the form again, with its errors
        assert response.context["adminform"].form.errors
    group = client.post("/admin/auth/group/add/", {"name": "x",
                                                   "permissions": "99999999999999999999"})
    assert group.status_code == 200 and group.context["adminform"].form.errors


def test_a_nul_byte_in_a_header_is_a_400(client):
    """The failed-login record keeps the User-Agent: a NUL there was a 500 on PostgreSQL."""
    response = client.post("/accounts/login/", {"username": "a@example.com", "password": "x"},
                           HTTP_USER_AGENT="Mozilla\x00")
    assert response.status_code == 400


def test_an_admin_action_on_rows_that_are_no_keys_is_a_400(client, world):
    client.force_login(world.users["staff"])
    action = {"action": "assign_to_me", "index": "0"}
    for selected in ("abc", "", "99999999999999999999"):
        response = client.post("/admin/cases/case/", {**action, "_selected_action": selected})
        assert response.status_code == 400
    response = client.post("/admin/cases/case/", {**action, "_selected_action": world.case.pk})
    assert response.status_code == 302


def test_the_axes_clean_up_action_works_from_the_admin(client, world):
    from axes.models import AccessAttempt

    client.force_login(world.users["staff"])
    attempt = AccessAttempt.objects.first()
    response = client.post("/admin/axes/accessattempt/", {
        "action": "cleanup_expired_attempts", "index": "0", "_selected_action": attempt.pk})
    assert response.status_code == 302
