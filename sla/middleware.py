from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .services import calendar_request_scope


class CalendarRequestScopeMiddleware:
    """One calendar version check per request, however often a page needs the table."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with calendar_request_scope():
            return self.get_response(request)
