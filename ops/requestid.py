"""The request id: one token per request, on every log line it causes, in its Celery tasks
and on the response (X-Request-ID), so an operator can follow one request across processes.

The id lives in a context variable, not on the request object, because log records and
Celery's publish hook have no request to look at."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar, Token

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# What log records say outside any request (a beat job, a management command).
NO_REQUEST = "-"
# A proxy's or client's id is kept only when it cannot break a log line or a header.
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

_current: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def request_id_get() -> str:
    """The id of the request (or task) being handled; ``NO_REQUEST`` outside one."""
    return _current.get()


def request_id_bind(request_id: str) -> Token[str]:
    """Make ``request_id`` current; give the token back to ``request_id_reset``."""
    return _current.set(request_id)


def request_id_reset(token: Token[str]) -> None:
    _current.reset(token)


def request_id_is_sane(value: str | None) -> bool:
    return value is not None and _SANE_ID.fullmatch(value) is not None


def request_id_accept(incoming: str | None) -> str:
    """The incoming id when it is sane, else a new one."""
    return incoming if request_id_is_sane(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_accept(request.headers.get(HEADER))
        # Bound until the response is closed, not reset on the way out: Django logs a 4xx or
        # 5xx ("Not Found: …") after the last middleware has returned.
        request_id_bind(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished, dispatch_uid="ops.request_id_unbound")
def request_id_unbound(**kwargs) -> None:
    # The thread's next request binds its own; lines logged in between have none.
    _current.set(NO_REQUEST)
