"""Shared fixtures: the browser (Debian's Chromium), the services CI requires, and the
seeded calendars of transactional tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; without this Django refuses
# ORM calls there (SynchronousOnlyOperation), including pytest-django's own set-up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
# CI sets this: a test that would skip for want of PostgreSQL, Redis or Chromium fails.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and call.excinfo is not None:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every service must run: {call.excinfo.value}"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def artifacts_dir() -> Path:
    directory = ROOT / "tests" / "artifacts"
    directory.mkdir(exist_ok=True)
    return directory


def _is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture
def postgres_only(db):
    if not _is_postgres():
        pytest.skip("needs PostgreSQL: set DATABASE_URL")


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis"):
        pytest.skip("needs Redis: set CELERY_BROKER_URL=redis://...")
    return url


def pytest_sessionstart(session):
    if not REQUIRE_SERVICES:
        return
    # Fail fast and loudly when CI was meant to test against real services but has none.
    import django
    from django.conf import settings

    django.setup()
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.exit(f"REQUIRE_SERVICES=1 but the database engine is {engine}", returncode=3)
    if not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        pytest.exit("REQUIRE_SERVICES=1 but CELERY_BROKER_URL is not Redis", returncode=3)
    if not Path(CHROMIUM).exists():
        pytest.exit(f"REQUIRE_SERVICES=1 but no Chromium at {CHROMIUM}", returncode=3)


@pytest.fixture(autouse=True)
def _seeded_calendars_in_transactional_tests(request):
    """Transactional tests flush the database after themselves, data-migration rows included;
    the next one gets the support calendars back as the migration seeds them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (marker.kwargs.get("transaction") or "live_server" in request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    from tests.factories import support_calendars_seed

    support_calendars_seed()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test client comes from one address: the rate-limit counters (and the default
    cache, where the API's throttles count) start empty, so tests do not limit each other."""
    from django.core.cache import caches

    for alias in ("default", "ratelimit"):
        caches[alias].clear()
