"""Project-wide middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class PrivateNoStoreMiddleware:
    """Every response to a signed-in person is ``Cache-Control: private, no-store``.

    Case pages, attachments, exports and the profile hold one customer's data: neither a
    shared cache nor the browser's back-button cache may keep them. The semantics are
    Django's ``never_cache`` (``max-age=0, no-cache, no-store, must-revalidate, private``).
    A view that set its own Cache-Control keeps it. Anonymous public pages are left alone,
    and static files never get here (WhiteNoise answers them earlier).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
