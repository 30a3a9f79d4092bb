"""What the portal answers while the database is unreachable: a 503 page in the reader's
language with Retry-After, rendered without touching the database, instead of a stack trace.

Every uncaught exception, from a view or a middleware (the session and the user are read
lazily), reaches handler500 inside Django's except block: portal/errors.py asks
``is_database_unavailable`` there, one place for all of them. Django closes a broken
connection at the end of the request and ``conn_health_checks`` replaces a stale one at the
start of the next, so the portal recovers on its own when the database is back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

DATABASE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` (or what caused it) says the database could not be reached or
    went away: a condition to wait out, not a bug."""
    while error is not None:
        if isinstance(error, DATABASE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
    return False


def _reader_language(request: HttpRequest) -> str:
    # The person's saved language is in the database; the cookie and the browser are not.
    return translation.get_language_from_request(request, check_path=False)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 page: no request context (its processors read the session and the user),
    so nothing in it can query the database."""
    language = _reader_language(request)
    with translation.override(language):
        html = render_to_string("503.html", {"language": language})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response
