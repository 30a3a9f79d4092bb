"""The portal's 403, 404 and 500 pages: in the portal's layout and the reader's language,
with a way back. The 500 page renders without the database-backed context (what failed may
be the database), so it falls back to a plain page if even that fails."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kundcenter.unavailable import database_unavailable_response, is_database_unavailable


def _page(request: HttpRequest | None, status: int, title: str, text: str) -> HttpResponse:
    html = render_to_string("error_page.html", {
        "error_status": status, "error_title": title, "error_text": text}, request=request)
    return HttpResponse(html, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403, _("You may not open this page"),
                 _("Your account does not give access to this page. If you think it should, "
                   "ask your company's SuperUser or our customer centre."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404, _("Page not found"),
                 _("The page does not exist, or it belongs to another customer. Check the "
                   "address, or start again from the start page."))


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its except block: an unreachable database met in middleware
    # (the session, the user) is the same 503 as in a view (kundcenter/unavailable.py).
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    title = _("Something went wrong")
    text = _("The error has been logged and we will look into it. Please try again in a "
             "moment; nothing you saved before this page is lost.")
    # With the request first (the signed-in person's name and links); its context
    # processors read the session and the database, which may be what failed, so then the
    # same page without them (still translated: the locale middleware has run); plain text
    # only if even templates fail.
    for page_request in (request, None):
        try:
            return _page(page_request, 500, title, text)
        except Exception:  # noqa: BLE001, S112 - the error page itself must never fail
            continue
    return HttpResponseServerError("<h1>Server error (500)</h1>", content_type="text/html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, 403, _("The form had expired"),
                 _("For your security the form could not be sent: it was open too long or "
                   "cookies are blocked. Go back, reload the page and send it again."))
