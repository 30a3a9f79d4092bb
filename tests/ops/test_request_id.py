"""Each request has an id: on its response, on every log line it causes; JSON lines in
production."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys

import pytest

from ops.logs import JsonFormatter, RequestIdFilter, log_format
from ops.requestid import NO_REQUEST, request_id_get

from .conftest import ROOT

HEX_ID = re.compile(r"[0-9a-f]{32}")


def test_a_sane_incoming_id_comes_back_on_the_response(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.9_Z")
    assert response["X-Request-ID"] == "lb-7f3a.9_Z"


def test_without_an_incoming_id_each_request_gets_a_new_one(client):
    first, second = (client.get("/healthz")["X-Request-ID"] for _ in range(2))
    assert HEX_ID.fullmatch(first) and HEX_ID.fullmatch(second) and first != second


@pytest.mark.parametrize("hostile", [
    "a" * 65, "two words", "id\r\nSet-Cookie: sessionid=x", "<script>", "ärende", "../../etc", "",
])
def test_an_id_that_could_break_a_log_line_or_a_header_is_replaced(client, hostile):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)
    assert HEX_ID.fullmatch(response["X-Request-ID"])


def test_the_id_is_gone_after_the_request(client):
    client.get("/healthz", HTTP_X_REQUEST_ID="finished-1")
    assert request_id_get() == NO_REQUEST


@pytest.mark.django_db
def test_a_log_line_written_during_a_request_is_json_with_its_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-404")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["request_id"] == "trace-404"
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert line["message"] == "Not Found: /no-such-page/" and "timestamp" in line


# The default is the settings' own: "json" in production.py, "text" in base.py.
@pytest.mark.parametrize(("variable", "default", "expected"), [
    (None, "json", "json"),
    (None, "text", "text"),
    ("", "text", "text"),
    ("text", "json", "text"),
    ("JSON", "text", "json"),
    ("xml", "json", "json"),
])
def test_the_log_format_is_the_settings_default_unless_log_format_names_one(variable, default, expected):
    assert log_format(variable, default=default) == expected


def _log_line(settings_module: str) -> str:
    """What a process with these settings writes for one warning outside any request."""
    env = {key: value for key, value in os.environ.items() if key != "LOG_FORMAT"}
    env.update(DJANGO_SETTINGS_MODULE=settings_module, SECRET_KEY="ops-test-" + "x" * 50)
    code = "import django, logging; django.setup(); logging.getLogger('ops.check').warning('probe')"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stderr.strip().splitlines()[-1]


def test_production_writes_json_lines_with_the_request_id_field():
    line = json.loads(_log_line("kundcenter.settings.production"))
    assert line["message"] == "probe" and line["logger"] == "ops.check"
    assert line["level"] == "WARNING" and line["request_id"] == NO_REQUEST


def test_development_writes_text_lines_with_the_request_id():
    line = _log_line("kundcenter.settings.local")
    assert line.endswith("WARNING ops.check [-] probe")
