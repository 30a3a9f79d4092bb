"""One warm Django process that serves benchmark requests sent over a pipe.

The portal and the bare floor project run in two such processes on the same database, so
the benchmark can alternate single requests between them and compare CPU time in one run:
absolute times on a shared machine move 2-3x between runs, ratios measured side by side do
not. Each answer carries the thread's CPU time (time spent waiting for PostgreSQL does not
count), the wall time and the number of SQL statements of that one request.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Answer:
    status: int
    cpu_ms: float
    wall_ms: float
    queries: int
    size: int


def serve(conn, settings_module: str, database_url: str, emails: list[str]) -> None:
    """Log each email in with its own test client, then answer (user_index, path) messages
    until None arrives. ("cookies",) answers the clients' session ids."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    assert not settings.DEBUG, "pages are measured with DEBUG False"
    users = get_user_model()._default_manager
    clients = []
    for email in emails:
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(users.get(email=email))
        clients.append(client)
    statements = [0]

    def count(execute, sql, params, many, context):
        # Savepoints are transaction control, not work the page asks the database for.
        if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            statements[0] += 1
        return execute(sql, params, many, context)

    conn.send("ready")
    with connection.execute_wrapper(count):
        while (message := conn.recv()) is not None:
            if message == ("cookies",):
                conn.send([client.cookies[settings.SESSION_COOKIE_NAME].value
                           for client in clients])
                continue
            if message[0] == "profile":
                conn.send(_profile(clients[0], message[1]))
                continue
            user_index, path = message
            client = clients[user_index % len(clients)]
            statements[0] = 0
            cpu, wall = time.thread_time(), time.perf_counter()
            response = client.get(path)
            cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
            conn.send(Answer(response.status_code, cpu * 1000, wall * 1000, statements[0],
                             len(response.content)))


def _profile(client, path: str, requests: int = 60) -> str:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(requests):
        client.get(path)
    profiler.stop()
    # Django itself is library code pyinstrument would fold away, yet it is where the time
    # goes; the flat list (own time per function) is what a closing note can quote.
    tree = profiler.output_text(unicode=True, color=False, show_all=True, timeline=False)
    flat = profiler.output_text(unicode=True, color=False, show_all=True, flat=True)
    return tree + "\n" + "\n".join(flat.splitlines()[:40])
