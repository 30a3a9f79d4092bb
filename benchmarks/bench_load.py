"""A fixed-time load of SuperUser and specialist journeys on the portal under gunicorn
(`make bench-load`).

1. Uses its own PostgreSQL database (``BENCH_LOAD_DATABASE_URL``, default
   ``postgres://app:app@127.0.0.1:5432/bench_load``; its name must contain "bench") and
   Redis database (``BENCH_LOAD_REDIS_URL``, default ``redis://127.0.0.1:6379/10``, emptied
   at the start: the broker and the cache of the run). Seeds it once with
   ``bench_portal``'s data (200,022 cases over 50 customers; ``--scale small``: 6,000 over
   12, for trying it out) plus FAQ articles, marks the database with the seed, and reuses
   it on later runs (migrating it); ``--fresh`` seeds again.
2. Collects the static files (when a source changed) and serves the portal with gunicorn
   on a free loopback port, with ``benchmarks/load_settings.py``: production settings on
   plain http, rate limits and the login lock raised out of the load's way.
3. Runs the journeys of ``benchmarks/locustfile.py`` (locust as a library, in a process of
   its own) at each level of concurrent users (``--levels``, default 8,16,32): the level's
   new users sign in, then a warm-up (``--warmup``), then ``--duration`` seconds measured.
   Then serves the bare Django floor (``benchmarks/floor``) with the same gunicorn setup and
   measures its pages at 16 users.
4. Prints a table per level (requests/s, p50/p95/p99 ms, errors; one line per endpoint)
   and, last, one JSON object: ``requests_per_s``, ``p50_ms``, ``p95_ms``, ``p99_ms``,
   ``errors`` at 16 users, the same per level as ``u<N>_...``, ``floor_requests_per_s`` and
   ``throughput_vs_floor``.

An error is any response outside 2xx/3xx (a 429 included), a form sent back with errors,
a page that redirects away (the session lost) or a failed connection.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench_kb  # noqa: E402  (benchmarks/, this script's own folder)
import bench_portal  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://app:app@127.0.0.1:5432/bench_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/10"
SETTINGS_MODULE = "benchmarks.load_settings"
PASSWORD = "Bench-load-2026"  # every seeded person's, hashed with production's hasher
SEED = 20261206
# Two cores shared by gunicorn, PostgreSQL and locust itself. A sync worker is idle while
# its query runs, so one worker more than cores keeps both busy; more workers only add
# context switches and memory on a machine whose cores the database and the load need too.
DEFAULT_WORKERS = (os.cpu_count() or 2) + 1
FLOOR_USERS = 16
HEADLINE_USERS = 16
LOAD_SUPERUSERS = 24  # the three of the big customer, then one of each other customer
CASES_PER_PERSON = 100


@dataclass(frozen=True)
class Scale:
    customers: int
    main_cases: int  # the big customer's
    total_cases: int
    faq_articles: int


SCALES = {
    "default": Scale(customers=bench_portal.CUSTOMERS, main_cases=bench_portal.MAIN_CASES,
                     total_cases=bench_portal.TOTAL_CASES, faq_articles=5_000),
    "small": Scale(customers=12, main_cases=1_500, total_cases=6_000, faq_articles=300),
}


# --- database -----------------------------------------------------------------------------

def database_urls(url: str) -> tuple[str, str]:
    """(name of the bench database, URL of its server's maintenance database)."""
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if parts.scheme not in ("postgres", "postgresql") or "bench" not in name:
        raise SystemExit(f"refusing to use {name!r}: BENCH_LOAD_DATABASE_URL must name a "
                         "PostgreSQL database whose name contains 'bench'")
    return name, urlunsplit(parts._replace(path="/postgres"))


def seed_signature(scale_name: str) -> str:
    """Changes when the seeded rows would: the scale and the seeding code."""
    digest = hashlib.sha256()
    for path in (Path(bench_portal.__file__), Path(bench_kb.__file__)):
        digest.update(path.read_bytes())
    return f"bench_load seed={SEED} scale={scale_name} {digest.hexdigest()[:16]}"


def database_prepare(url: str, scale_name: str, *, fresh: bool) -> bool:
    """Create the bench database, or keep it when it holds this seed. True: reused."""
    name, server = database_urls(url)
    rows = bench_kb.admin_sql(server, "SELECT shobj_description(oid, 'pg_database') "
                                      "FROM pg_database WHERE datname = %s", [name])
    if rows and not fresh and rows[0][0] == seed_signature(scale_name):
        return True
    bench_kb.admin_sql(server, f"DROP DATABASE IF EXISTS {bench_kb.quoted(name)} WITH (FORCE)")
    bench_kb.admin_sql(server, f"CREATE DATABASE {bench_kb.quoted(name)}")
    return False


def database_mark_seeded(url: str, scale_name: str) -> None:
    name, server = database_urls(url)
    bench_kb.admin_sql(server, f"COMMENT ON DATABASE {bench_kb.quoted(name)} IS %s",
                       [seed_signature(scale_name)])


def service_env(database_url: str, redis_url: str) -> dict[str, str]:
    """What the portal's processes (this one, gunicorn's) are configured with."""
    return {"DJANGO_SETTINGS_MODULE": SETTINGS_MODULE, "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": redis_url, "CACHE_URL": redis_url, "LOG_LEVEL": "WARNING"}


def set_up_django(database_url: str, redis_url: str) -> None:
    os.environ.update(service_env(database_url, redis_url))
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def seed(scale: Scale) -> None:
    """bench_portal's cases, people and licences at ``scale``; FAQ articles; specialists in
    their role; everyone's password hashed as production hashes it."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import override_settings
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import PRODUCT_SPECIALISTS, roles_ensure
    from customers.models import Module
    from knowledgebase import demo
    from knowledgebase.services import article_bulk_create

    # bench_portal reads its sizes from these module constants when it seeds.
    bench_portal.CUSTOMERS = scale.customers
    bench_portal.MAIN_CASES = scale.main_cases
    bench_portal.OTHER_CASES = -(-(scale.total_cases - scale.main_cases) // (scale.customers - 1))
    # Its people are created one by one: a fast hasher there, production's once below.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        seeded = bench_portal.seed(random.Random(SEED), timezone.now())
    User.objects.update(password=make_password(PASSWORD))
    roles_ensure()
    specialists = Group.objects.get(name=PRODUCT_SPECIALISTS)
    specialists.user_set.add(*User.objects.filter(is_staff=True, is_superuser=False))
    demo.load(io.StringIO())
    modules = {m.code: m for m in Module.objects.filter(code__in=bench_kb.MODULE_CODES)}
    article_bulk_create(articles=bench_kb.generated_articles(scale.faq_articles, modules,
                                                             random.Random(SEED)),
                        batch_size=2500)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded {seeded.cases:,} cases over {scale.customers} customers, "
          f"{seeded.messages:,} messages and {scale.faq_articles:,} FAQ articles")


def static_collect() -> None:
    """Collect the static files as production does (hashed names, compressed), unless the
    collected set is newer than every source file: compressing it all takes minutes here."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        collected_at = manifest.stat().st_mtime
        sources = (storage.path(path) for finder in get_finders()
                   for path, storage in finder.list([]))
        newest = max(os.stat(source).st_mtime for source in sources)
        if newest <= collected_at:
            return
    started = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"static files collected in {time.perf_counter() - started:.0f} s")


# --- the plan the simulated users follow --------------------------------------------------

def plan_build(database_url: str) -> dict[str, Any]:
    """The people the load signs in as, spread over customers, with cases each may open and
    reply to and modules each may register on; the floor's sessions for the same people."""
    from django.db import connections

    from accounts.models import User
    from cases.models import Case
    from cases.workflows import State
    from superusers.selectors import superuser_trained_modules

    closed = [State.DELIVERED, State.CLOSED]
    people = list(User.objects.filter(customer__isnull=False, is_active=True)
                  .order_by("customer_id", "email")[:LOAD_SUPERUSERS])
    superusers = []
    for person in people:
        cases = Case.objects.filter(customer_id=person.customer_id).order_by("?")
        superusers.append({
            "email": person.email,
            "cases": list(cases.values_list("number", flat=True)[:CASES_PER_PERSON]),
            "open_cases": list(cases.exclude(state__in=closed)
                               .values_list("number", flat=True)[:CASES_PER_PERSON]),
            "modules": list(superuser_trained_modules(user=person).values_list("pk", flat=True)),
        })
    unusable = [p["email"] for p in superusers if not (p["open_cases"] and p["modules"])]
    if unusable:
        raise SystemExit(f"no open case or no trained module to work with: {unusable}; "
                         "seed again with --fresh")
    specialists = [
        {"email": person.email,
         "case_pks": list(Case.objects.filter(team=person.support_team).exclude(state__in=closed)
                          .order_by("?").values_list("pk", flat=True)[:CASES_PER_PERSON])}
        for person in User.objects.filter(is_staff=True, is_superuser=False).order_by("email")]
    # The floor's worker process opens its own connections; this one's are not needed.
    connections.close_all()
    # The floor signs in through Django's test client (it has no login page of its own).
    worker = bench_portal.Worker("benchmarks.floor.settings", database_url,
                                 [person["email"] for person in superusers])
    try:
        cookies = worker.cookies()
    finally:
        worker.stop()
    floor = [{"cookie": cookie, "cases": person["cases"]}
             for cookie, person in zip(cookies, superusers, strict=True)]
    return {"password": PASSWORD, "superusers": superusers, "specialists": specialists,
            "floor": floor}


# --- serving and loading ------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def gunicorn(application: str, env: dict[str, str], *, workers: int, probe: str,
             log: Path) -> Iterator[str]:
    """Serve ``application``; yields its base URL. Stopped however the block ends."""
    port = free_port()
    with log.open("w") as log_file:
        # A session of its own: a Ctrl-C reaches this script, which then stops gunicorn.
        # The flags of deploy/systemd/kundcenter-web.service, the worker count aside.
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", application, "--workers", str(workers),
             "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--timeout", "60",
             "--graceful-timeout", "30", "--max-requests", "2000",
             "--max-requests-jitter", "200", "--access-logfile", "-",
             # Its default path is one per user account: other gunicorns on this machine.
             "--no-control-socket"],
            cwd=ROOT, env={**os.environ, **env}, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(server, f"{base}{probe}", log)
            yield base
        finally:
            _stop(server)


def _wait_until_up(server: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{url} answers HTTP {error.code}; see {log}") from error
        except OSError as error:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start; see {log}:\n"
                                 + log.read_text()[-3000:]) from error
        time.sleep(0.3)


def run_locust(*, host: str, target: str, plan_file: Path, levels: list[int], warmup: float,
               duration: float) -> list[dict[str, Any]]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_file = Path(out.name)
    env = {**os.environ, "BENCH_LOAD_PLAN": str(plan_file)}
    load = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "locustfile.py"), "--host", host,
         "--target", target, "--levels", ",".join(map(str, levels)), "--warmup", str(warmup),
         "--duration", str(duration), "--out", str(out_file)], cwd=ROOT, env=env)
    try:
        if load.wait() != 0:
            raise SystemExit(f"locust ended with exit status {load.returncode}")
        return json.loads(out_file.read_text())
    finally:
        _stop(load)
        out_file.unlink(missing_ok=True)


# --- report -------------------------------------------------------------------------------

def print_level(title: str, level: dict[str, Any]) -> None:
    total = level["total"]
    print(f"\n{title}: {total['requests_per_s']:.1f} requests/s over {level['seconds']:.0f} s, "
          f"p50 {total['p50_ms']} ms, p95 {total['p95_ms']} ms, p99 {total['p99_ms']} ms, "
          f"{total['errors']} errors")
    if level["signed_in_before_warmup"] < level["users"]:
        print(f"  (only {level['signed_in_before_warmup']} of {level['users']} users had signed "
              "in when the warm-up began: logins may fall into the measurement)")
    print(f"  {'endpoint':<44} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'errors':>6}")
    for entry in level["endpoints"]:
        if not entry["requests"]:
            continue  # only sent during the warm-up (the logins)
        label = f"{entry['method']} {entry['name']}"
        print(f"  {label:<44} {entry['requests']:>8} {entry['requests_per_s']:>7.2f} "
              f"{entry['p50_ms']:>7} {entry['p95_ms']:>7} {entry['p99_ms']:>7} "
              f"{entry['errors']:>6}")
    for kind in level["error_kinds"]:
        print(f"  ! {kind['occurrences']}x {kind['method']} {kind['name']}: {kind['error']}")


def headline_users(levels: list[dict[str, Any]]) -> int:
    """The level the headline figures come from: 16 users, or the one nearest."""
    return min((level["users"] for level in levels), key=lambda n: abs(n - HEADLINE_USERS))


def figures(levels: list[dict[str, Any]], floor: dict[str, Any], workers: int) -> dict[str, Any]:
    by_users = {level["users"]: level["total"] for level in levels}
    headline = by_users[headline_users(levels)]
    keys = ("requests_per_s", "p50_ms", "p95_ms", "p99_ms", "errors")
    result: dict[str, Any] = {key: headline[key] for key in keys}
    for users, total in sorted(by_users.items()):
        result.update({f"u{users}_{key}": total[key] for key in keys})
    floor_total = floor["total"]
    result.update({f"floor_{key}": floor_total[key] for key in keys})
    result["throughput_vs_floor"] = round(headline["requests_per_s"]
                                          / floor_total["requests_per_s"], 3)
    result["gunicorn_workers"] = workers
    return result


def _interrupt(signum: int, frame: object) -> None:
    # A `kill` ends the run like a Ctrl-C: the servers are stopped on the way out.
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds measured per level")
    parser.add_argument("--warmup", type=float, default=15,
                        help="seconds of load before each level's measurement, once the "
                        "level's new users have signed in")
    parser.add_argument("--levels", default="8,16,32", help="concurrent users, comma-separated")
    parser.add_argument("--scale", choices=sorted(SCALES), default="default")
    parser.add_argument("--fresh", action="store_true", help="seed the database again")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                        help=f"gunicorn sync workers (default: cores + 1 = {DEFAULT_WORKERS})")
    args = parser.parse_args()
    levels = sorted({int(n) for n in args.levels.split(",")})
    signal.signal(signal.SIGTERM, _interrupt)

    database_url = os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_LOAD_REDIS_URL", DEFAULT_REDIS_URL)
    started = time.perf_counter()
    reused = database_prepare(database_url, args.scale, fresh=args.fresh)
    set_up_django(database_url, redis_url)
    import redis
    from django.conf import settings
    from django.core.management import call_command

    assert not settings.DEBUG
    redis.Redis.from_url(redis_url).flushdb()
    call_command("migrate", verbosity=0)
    if reused:
        print(f"database {database_urls(database_url)[0]} reused ({args.scale} scale, "
              "--fresh seeds it again)")
    else:
        seed(SCALES[args.scale])
        database_mark_seeded(database_url, args.scale)
    static_collect()
    plan = plan_build(database_url)
    print(f"ready in {time.perf_counter() - started:.0f} s: {len(plan['superusers'])} SuperUsers "
          f"of {len({p['email'].split('@')[1] for p in plan['superusers']})} customers and "
          f"{len(plan['specialists'])} specialists; gunicorn with {args.workers} sync workers")

    log_dir = Path(settings.BENCH_LOAD_DIR)
    log_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as plan_out:
        json.dump(plan, plan_out)
    plan_file = Path(plan_out.name)
    env = service_env(database_url, redis_url)
    try:
        with gunicorn("kundcenter.wsgi:application", env, workers=args.workers,
                      probe="/accounts/login/", log=log_dir / "gunicorn-portal.log") as base:
            portal = run_locust(host=base, target="portal", plan_file=plan_file, levels=levels,
                                warmup=args.warmup, duration=args.duration)
        floor_env = {**env, "DJANGO_SETTINGS_MODULE": "benchmarks.floor.settings"}
        with gunicorn("benchmarks.floor.wsgi:application", floor_env, workers=args.workers,
                      probe="/admin/login/", log=log_dir / "gunicorn-floor.log") as base:
            floor = run_locust(host=base, target="floor", plan_file=plan_file,
                               levels=[FLOOR_USERS], warmup=args.warmup,
                               duration=args.duration)[0]
    except KeyboardInterrupt:
        raise SystemExit("interrupted; the servers are stopped") from None
    finally:
        plan_file.unlink(missing_ok=True)

    for level in portal:
        print_level(f"portal, {level['users']} users", level)
    print_level(f"floor (bare Django, benchmarks/floor), {FLOOR_USERS} users", floor)
    result = figures(portal, floor, args.workers)
    print(f"\n{'users':>5} {'requests/s':>10} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6}")
    for level in portal:
        total = level["total"]
        print(f"{level['users']:>5} {total['requests_per_s']:>10.1f} {total['p50_ms']:>7} "
              f"{total['p95_ms']:>7} {total['p99_ms']:>7} {total['errors']:>6}")
    print(f"(locust, no think time: N users = N requests in flight; gunicorn {args.workers} sync "
          f"workers; the floor serves the SuperUser journey's read pages with the same weights, "
          f"the portal the whole mix with writes and the admin; throughput_vs_floor = portal "
          f"at {headline_users(portal)} users / floor at {FLOOR_USERS}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; server logs in "
          f"{log_dir}/)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
