"""Input no view should ever see gets a 400 with a short reason before any view runs.

Defence in depth: views validate their own parameters (forms, path converters, list filters);
this catches what would otherwise crash far from where it came in:

* a NUL byte (or a lone surrogate) in the path, a query parameter, a form field or a request
  header: PostgreSQL cannot store either in text, so any lookup or save with one is a 500
  there (the failed-login record keeps the User-Agent and Accept headers, for one);
* the Django admin's own parameters where the admin itself crashes instead of refusing:
  an empty ``_to_field`` (the change and delete views look up a field named ""), a
  date-hierarchy value (``<field>__year``, ``__month``, ``__day``) that is not a date part
  (a year past 9998 or with twenty digits overflows ``datetime``), and a selected row of an
  admin action (``_selected_action``) that is no key of the list's model (``pk__in`` fails).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# NUL, and the surrogates UTF-8 cannot encode (neither fits in a PostgreSQL text value).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
DATE_PARTS = {"__year": range(1, 9999), "__month": range(1, 13), "__day": range(1, 32)}
TO_FIELD_VAR = "_to_field"  # django.contrib.admin.options.TO_FIELD_VAR
ACTION_CHECKBOX_NAME = "_selected_action"  # django.contrib.admin.helpers

BAD_PATH = _("The address contains a character that is not allowed.")
BAD_CHARACTER = _("The request contains a character that is not allowed.")
BAD_PARAMETER = _("The request contains a parameter that is not valid.")


def _pairs(request: HttpRequest) -> Iterable[tuple[str, str]]:
    for name, values in request.GET.lists():
        for value in values:
            yield name, value
    if request.method == "POST":
        # Only form encodings are parsed (request.POST is empty for anything else).
        for name, values in request.POST.lists():
            for value in values:
                yield name, value
        for name, uploads in request.FILES.lists():
            for upload in uploads:
                yield name, upload.name or ""


def _date_part_refused(name: str, value: str) -> bool:
    for suffix, allowed in DATE_PARTS.items():
        if name.endswith(suffix):
            return not (value.isascii() and value.isdigit() and len(value) <= 4
                        and int(value) in allowed)
    return False


def _selected_rows_refused(request: HttpRequest) -> bool:
    selected = request.POST.getlist(ACTION_CHECKBOX_NAME) if request.method == "POST" else []
    if not selected:
        return False
    try:
        model_admin = getattr(resolve(request.path_info).func, "model_admin", None)
    except Resolver404:
        return False
    if model_admin is None:
        return False
    from .admin_safety import storable_key

    pk = model_admin.model._meta.pk
    return not all(storable_key(pk, value) for value in selected)


def input_refusal(request: HttpRequest) -> Promise | None:
    """Why the request is refused, or None when it may go on."""
    if UNSTORABLE.search(request.path):
        return BAD_PATH
    for name, value in request.META.items():
        if name.startswith("HTTP_") and isinstance(value, str) and UNSTORABLE.search(value):
            return BAD_CHARACTER
    for name, value in _pairs(request):
        if UNSTORABLE.search(name) or UNSTORABLE.search(value):
            return BAD_CHARACTER
        if (name == TO_FIELD_VAR and not value) or _date_part_refused(name, value):
            return BAD_PARAMETER
    if _selected_rows_refused(request):
        return BAD_PARAMETER
    return None


class InputGuardMiddleware:
    """Sits near the top, before anything reads the path or the parameters. The reason is in
    the visitor's language (cookie or browser): LocaleMiddleware has not run yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = input_refusal(request)
        if reason is None:
            return self.get_response(request)
        with translation.override(translation.get_language_from_request(request)):
            text = str(reason)
            if request.path.startswith("/api/"):
                # The API's clients read RFC 9457 problem documents, also for this refusal.
                from api.problems import problem_json_response

                return problem_json_response(400, text)
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
