"""Errors as RFC 9457 problem details (``application/problem+json``), in the reader's
language, with the same reasons the portal gives."""

from __future__ import annotations

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from kundcenter.refusals import refusal_text

PROBLEM_CONTENT_TYPE = "application/problem+json"
TITLES = {
    400: _("The request has errors"),
    401: _("Not authenticated"),
    403: _("Not allowed"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    409: _("Conflict"),
    413: _("Too large"),
    415: _("Unsupported media type"),
    422: _("The request cannot be carried out"),
    429: _("Too many requests"),
}
NOT_FOUND = _("There is no such object, or it is not yours to see.")


def problem_document(status_code: int, detail: str, **extra) -> dict:
    """The RFC 9457 body, translated into the active language."""
    title = TITLES.get(status_code) or HTTPStatus(status_code).phrase
    return {"type": "about:blank", "title": str(title), "status": status_code,
            "detail": str(detail), **extra}


def problem(status_code: int, detail: str, **extra) -> Response:
    """A problem answer from a DRF view."""
    return Response(problem_document(status_code, detail, **extra), status=status_code,
                    content_type=PROBLEM_CONTENT_TYPE)


def problem_json_response(status_code: int, detail: str) -> JsonResponse:
    """A problem answer from outside DRF (the input guard, unknown /api/ addresses)."""
    return JsonResponse(problem_document(status_code, detail), status=status_code,
                        content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc, context):
    """Every refusal a view lets through, the services' own included: a service's
    ValidationError is the portal's reason, answered 422. The request's transaction is
    rolled back as DRF does for its own exceptions, so nothing of a refused write stays."""
    if isinstance(exc, Http404 | DjangoPermissionDenied | DjangoValidationError):
        set_rollback()
    if isinstance(exc, Http404):
        return problem(404, NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        return problem(403, refusal_text(exc) if exc.args else _("You may not do this."))
    if isinstance(exc, DjangoValidationError):
        return problem(422, refusal_text(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {
            "non_field_errors": response.data}
        found = problem(400, _("See the errors of each field."), errors=errors)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        found = problem(response.status_code, detail)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            found[header] = response[header]
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in found:
        found["WWW-Authenticate"] = 'Bearer realm="api"'
    return found
