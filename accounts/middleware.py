from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


class UserLanguageMiddleware:
    """A signed-in person's saved language beats the browser's and the cookie's.

    Sits after LocaleMiddleware and AuthenticationMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


class OfficeTimezoneMiddleware:
    """Customers read times in their support office's zone (Helsinki for FI, Stockholm for
    SE), so "work starts by 10:30" means their 10:30."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = None
        if user is not None and user.is_authenticated and user.customer_id is not None:
            from sla.services import office_time_zone

            zone = office_time_zone(user.customer.office_country)
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
