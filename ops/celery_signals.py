"""The request id travels with a task: published inside a request, the message carries it
as a header; the worker makes it current while the task runs and restores what was there
after. Also: the worker and beat log through Django's LOGGING, not Celery's own set-up."""

from __future__ import annotations

import logging.config
from contextvars import Token

from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun
from django.conf import settings

from .requestid import NO_REQUEST, request_id_bind, request_id_get, request_id_is_sane, request_id_reset

TASK_HEADER = "x_request_id"

# Task id -> the token that undoes its binding. A worker thread runs one task at a time,
# but an eager task runs inside its caller's binding.
_bindings: dict[str, Token[str]] = {}


@before_task_publish.connect(dispatch_uid="ops.request_id_to_task_headers")
def request_id_to_task_headers(headers: dict | None = None, **kwargs) -> None:
    request_id = request_id_get()
    if headers is not None and request_id != NO_REQUEST:
        headers.setdefault(TASK_HEADER, request_id)


@task_prerun.connect(dispatch_uid="ops.request_id_from_task_headers")
def request_id_from_task_headers(task_id: str | None = None, task=None, **kwargs) -> None:
    incoming = getattr(task.request, TASK_HEADER, None) if task is not None else None
    # A task published outside a request runs with none, not with the previous task's.
    # An eager task (no message) keeps the id of the request that runs it.
    if incoming is None and task is not None and task.request.is_eager:
        return
    _bindings[task_id] = request_id_bind(incoming if request_id_is_sane(incoming) else NO_REQUEST)


@task_postrun.connect(dispatch_uid="ops.request_id_cleared_after_task")
def request_id_cleared_after_task(task_id: str | None = None, **kwargs) -> None:
    token = _bindings.pop(task_id, None)
    if token is not None:
        request_id_reset(token)


@setup_logging.connect(dispatch_uid="ops.logging_from_django_settings")
def logging_from_django_settings(**kwargs) -> None:
    # A receiver here tells Celery to leave logging alone; without it the worker replaces
    # the root handlers with its own text format and the JSON lines lose their fields.
    logging.config.dictConfig(settings.LOGGING)
