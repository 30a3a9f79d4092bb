"""Rate limits on the portal's forms and the FAQ suggestions, per client (django-ratelimit).

Axes locks one account after failed logins and the API has its own throttles; these limits
stop one client from hammering the login, password reset, registration and suggestion
endpoints across many accounts. Each limit counts in a fixed window (django-ratelimit's
``get_usage``, in the ``ratelimit`` cache) and refuses with 429 and ``Retry-After``: a form
comes back unvalidated with what was typed (``RateLimitedFormMixin``), the suggestions get the
429 page or, for htmx, a fragment (``rate_limited``).

Settings (README, "Configuration"): ``RATE_LIMIT_LOGIN``, ``RATE_LIMIT_PASSWORD_RESET``,
``RATE_LIMIT_ACCOUNT_REGISTRATION``, ``RATE_LIMIT_CASE_REGISTRATION``,
``RATE_LIMIT_FAQ_SUGGEST``; read on every request, so ``override_settings`` applies.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from kundcenter.client_ip import client_ip

__all__ = [
    "ACCOUNT_REGISTRATION", "CASE_REGISTRATION", "FAQ_SUGGEST", "LOGIN", "PASSWORD_RESET",
    "Limit", "RateLimitedFormMixin", "Refusal", "form_kept_message", "form_refused", "limit_check",
    "rate_limited",
    "refusal_response", "typed_initial", "with_retry_after",
]

logger = logging.getLogger("kundcenter.ratelimits")


def _cache_errors() -> tuple[type[Exception], ...]:
    """What an unreachable cache raises. Evaluated only when something was raised: importing
    redis costs every web process memory and start-up time, and locmem never needs it."""
    from redis.exceptions import RedisError

    return (RedisError, OSError)


# One IPv6 subscriber gets a whole /64: counting single addresses would let them rotate freely.
IPV6_PREFIX = 64
# What django-ratelimit parses; its own parser reads "10/x" as ten a second.
RATE_FORMAT = re.compile(r"^\d+/\d*[smhd]$")


def client_address_key(group: str, request: HttpRequest) -> str:
    """The client's address by the project's proxy rule; an IPv6 client by its /64 network."""
    address = client_ip(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address  # no usable address (a unix socket): such requests share one count
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def signed_in_person_key(group: str, request: HttpRequest) -> str:
    """The signed-in person: a company's SuperUsers often share their office's one address."""
    return f"user:{request.user.pk}"


@dataclass(frozen=True)
class Limit:
    group: str
    setting: str
    methods: tuple[str, ...]
    key: Callable[[str, HttpRequest], str]
    # Says what was refused, for the 429 page.
    reason: Promise

    @property
    def rate(self) -> str | None:
        """The configured rate, or None when the limit is turned off (an empty setting)."""
        rate = getattr(settings, self.setting, "") or None
        if rate is not None and not RATE_FORMAT.match(rate):
            raise ImproperlyConfigured(f"{self.setting}={rate!r}: expected e.g. 20/m or 10/10m")
        return rate


LOGIN = Limit("login", "RATE_LIMIT_LOGIN", ("POST",), client_address_key, _(
    "There have been many login attempts from your network in a short time, so logging in "
    "from it is paused."))
PASSWORD_RESET = Limit("password-reset", "RATE_LIMIT_PASSWORD_RESET", ("POST",), client_address_key, _(
    "Many password resets have been asked for from your network in a short time, so no email "
    "was sent this time."))
ACCOUNT_REGISTRATION = Limit(
    "account-registration", "RATE_LIMIT_ACCOUNT_REGISTRATION", ("POST",), client_address_key, _(
        "Many accounts have been asked for from your network in a short time, so this request "
        "was not sent."))
CASE_REGISTRATION = Limit(
    "case-registration", "RATE_LIMIT_CASE_REGISTRATION", ("POST",), signed_in_person_key, _(
        "You have registered many cases in a short time, so this case was not registered yet."))
FAQ_SUGGEST = Limit("faq-suggest", "RATE_LIMIT_FAQ_SUGGEST", ("GET",), client_address_key, _(
    "Many FAQ suggestions have been asked for from your network in a short time, so they are "
    "paused."))


@dataclass(frozen=True)
class Refusal:
    limit: Limit
    retry_after: int  # seconds until a new window counts from zero

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))

    @property
    def retry_text(self) -> str:
        return ngettext("Please try again in %(minutes)d minute.",
                        "Please try again in %(minutes)d minutes.",
                        self.minutes) % {"minutes": self.minutes}


def limit_check(request: HttpRequest, limit: Limit) -> Refusal | None:
    """Counts the request against ``limit``; a Refusal once the client is over it.

    Only the limit's methods count, and never a signed-in staff member: specialists work all
    day from one office address. A cache that cannot count lets the request through.
    """
    if request.method not in limit.methods:
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return None
    rate = limit.rate
    if rate is None:
        return None
    try:
        usage = get_usage(request, group=limit.group, key=limit.key, rate=rate,
                          method=list(limit.methods), increment=True)
    except _cache_errors():
        logger.warning("rate limit not counted, cache unavailable", extra={"limit": limit.group},
                       exc_info=True)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    # The address and the account are personal data: the log says only which limit and rate.
    logger.warning("rate limit hit", extra={"limit": limit.group, "rate": rate,
                                            "method": request.method})
    # django-ratelimit's window still holds at its last second ("time_left" 0).
    return Refusal(limit=limit, retry_after=max(0, usage["time_left"]) + 1)


FORM_KEPT = _("What you wrote is still in the form below.")
PASSWORD_AGAIN = _("Type the password again.")
FILES_AGAIN = _("Attach any files again.")


def form_kept_message(refusal: Refusal, *more: str) -> str:
    """For a refused form shown again with what was typed (``typed_initial``)."""
    return " ".join((str(refusal.limit.reason), refusal.retry_text, str(FORM_KEPT), *more))


def typed_initial(request: HttpRequest) -> dict[str, str]:
    """What was posted, as initial values of an unbound form: shown again, never validated
    (validating a refused login would be the attempt it refuses). Password inputs never
    render their value."""
    return {name: value for name, value in request.POST.dict().items()
            if name != "csrfmiddlewaretoken"}


def with_retry_after(response: HttpResponse, refusal: Refusal) -> HttpResponse:
    response["Retry-After"] = str(refusal.retry_after)
    return response


def form_refused(request: HttpRequest, refusal: Refusal, notes: Iterable[Promise],
                 render_form: Callable[[dict[str, str]], HttpResponse]) -> HttpResponse:
    """A refused form's answer: the reason as a message, ``render_form`` given what was typed
    (as initial values: an unbound form, never validated) and answering 429, Retry-After."""
    messages.warning(request, form_kept_message(refusal, *map(str, notes)))
    return with_retry_after(render_form(typed_initial(request)), refusal)


class RateLimitedFormMixin:
    """For a FormView: a POST over ``rate_limit`` is answered 429 with its form again,
    unvalidated, holding what was typed, and the reason as a message on the page."""

    rate_limit: Limit
    # What the person must add again (a file input or a password cannot be refilled).
    rate_limit_notes: tuple[Promise, ...] = ()

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        refusal = limit_check(request, self.rate_limit)
        if refusal is None:
            return super().post(request, *args, **kwargs)
        return form_refused(request, refusal, self.rate_limit_notes, self._render_refused_form)

    def _render_refused_form(self, typed: dict[str, str]) -> HttpResponse:
        form_kwargs = {name: value for name, value in self.get_form_kwargs().items()
                       if name not in ("data", "files")}
        form_kwargs["initial"] = {**form_kwargs.get("initial", {}), **typed}
        context = self.get_context_data(form=self.get_form_class()(**form_kwargs))
        return self.render_to_response(context, status=429)


def refusal_response(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """429 as the portal's other error pages (error_page.html), or the fragment alone for an
    htmx request."""
    if getattr(request, "htmx", False):
        response = render(request, "includes/429_fragment.html", {"refusal": refusal}, status=429)
    else:
        response = render(request, "error_page.html", {
            "error_status": 429, "error_title": gettext("Too many attempts"),
            "error_text": f"{refusal.limit.reason} {refusal.retry_text}"}, status=429)
    return with_retry_after(response, refusal)


def rate_limited(limit: Limit) -> Callable:
    """View decorator for endpoints without a form to give back (the FAQ suggestions):
    ``limit`` is checked before the view runs; a refusal is ``refusal_response``."""
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            refusal = limit_check(request, limit)
            if refusal is not None:
                return refusal_response(request, refusal)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
