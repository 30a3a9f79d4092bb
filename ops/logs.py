"""Log records carry the request id (and, in a Celery task, the task's id and name); JSON
lines in production, readable text elsewhere. Imported by the settings' LOGGING, so this
module must not import models."""

from __future__ import annotations

import logging

from celery._state import get_current_task
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from .requestid import request_id_get

FORMATS = ("json", "text")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def log_format(value: str | None, *, default: str) -> str:
    """The formatter to use: LOG_FORMAT when it names one, else the settings' ``default``
    (production: JSON, which a log shipper parses; elsewhere text, which a person reads)."""
    chosen = (value or "").strip().lower()
    return chosen if chosen in FORMATS else default


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, and ``task_id``/``task_name`` inside a task."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_get()
        task = get_current_task()
        if task is not None and task.request.id is not None:
            record.task_id = task.request.id
            record.task_name = task.name
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object a line: timestamp, level, logger, message, request_id, and whatever
    the filter or the caller's ``extra`` added (task_id, task_name)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("fmt", "{levelname}{name}{message}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        super().add_fields(log_data, record, message_dict)
        # A record that did not pass the filter (another handler) still has the key.
        log_data.setdefault("request_id", getattr(record, "request_id", request_id_get()))
