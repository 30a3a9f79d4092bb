"""Benchmark of the portal's pages against a bare Django project (`make bench-portal`).

1. Drops and re-creates its own database (default ``kundcenter_bench_portal`` on
   127.0.0.1:5432; ``BENCH_PORTAL_DATABASE_URL`` overrides it, and its name must contain
   "bench"), then migrates it; ``--reuse`` keeps the previous run's data instead.
2. Seeds 200,022 cases over 50 customers; the measured one holds 10,000 (5 %) over the last
   two years, 3 messages each and one case with 30, spread over three SuperUsers; the
   others' cases have one message each. Rows are bulk-inserted with what the services
   would write: yearly case numbers, states along the workflows, SLA instants of every bug
   from ``cases.sla.sla_deadlines`` on the office calendar, history events, cost
   estimates, attachments (rows only), time entries.
3. Two warm processes (benchmarks/page_worker.py) serve requests on that database: the
   portal (``kundcenter.settings.test``, DEBUG False) and the floor, ``benchmarks/floor``:
   a plain Django project as startproject makes it (its middleware, database sessions)
   with a function view, the ORM and a naive template per page kind over the same tables.
   For each page, single requests alternate between the two (random order within each of
   60 pairs, after 5 warm-ups, the three SuperUsers taking turns); each pair gives a
   CPU-time ratio (thread CPU time: waiting for PostgreSQL does not count), and the page's
   ``*_vs_floor`` is their median. Also reported: the portal's median and p90 server wall
   time and its SQL statements per request (savepoints left out).
4. Serves each project with one gunicorn worker, sends 1,000 mixed customer requests and
   reports the worker's peak RSS (VmHWM).

``--only PAGE`` measures some pages; ``--profile PAGE`` prints a pyinstrument profile of
the portal's PAGE. The last line printed is one JSON object: for each page
``<page>_median_ms``, ``<page>_p90_ms``, ``<page>_queries``, ``<page>_vs_floor``, then
``gunicorn_worker_peak_rss_mib`` and ``floor_worker_peak_rss_mib``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time as clock
import warnings
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kundcenter_bench_portal"
SEED = 20260211
CUSTOMERS = 50
TOTAL_CASES = 200_000
MAIN_CASES = 10_000  # the measured customer: 5 % of all cases
OTHER_CASES = -(-(TOTAL_CASES - MAIN_CASES) // (CUSTOMERS - 1))  # per other customer
MESSAGES_PER_CASE = 3  # the measured customer's; the others' cases have one each
LONG_CONVERSATION = 30
HISTORY_DAYS = 730
WARM_UPS = 5
# Before any page is measured, each process serves this many requests over all the pages: a
# production worker is warm (templates compiled, catalogues loaded, its heap settled, see
# ops/heap.py) long before most requests reach it.
PROCESS_WARM_UP = 40
PAIRS = 60  # alternating portal/floor requests per page
RSS_REQUESTS = 1_000
BATCH = 5_000
# The portal's page at most this many times the floor's CPU time (median of pair ratios).
TARGET_VS_FLOOR = {"case_list": 1.0, "case_detail": 1.3, "dashboard": 1.2}

MODULES = [
    ("ledger", "Ekonomi / Talous"), ("invoicing", "Fakturering / Laskutus"),
    ("payroll", "Lön / Palkat"), ("projects", "Projekt / Projektit"),
    ("orders", "Order / Tilaukset"), ("stock", "Lager / Varasto"),
    ("service", "Service / Huolto"), ("time", "Tidrapport / Tuntiraportointi"),
]
# (category, weight); service levels of bugs and their weights.
CATEGORY_WEIGHTS = [("bug", 40), ("support", 30), ("order", 15), ("wish", 15)]
LEVEL_WEIGHTS = [(1, 5), (2, 15), (3, 30), (4, 20), (5, 30)]


# --- database -----------------------------------------------------------------------------

def recreate_database(url: str) -> str:
    """Drop and create the benchmark database; returns its name."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: a PostgreSQL database whose name "
                         "contains 'bench' is required")
    admin = psycopg2.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
                             user=unquote(parts.username or "postgres"),
                             password=unquote(parts.password or "") or None, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    return name


def set_up_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kundcenter.settings.test"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Static files are not collected for a benchmark; whitenoise says so once per process.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings

    assert not settings.DEBUG, "the benchmark runs with DEBUG False"


# --- seed ---------------------------------------------------------------------------------

@dataclass
class Seeded:
    superuser_emails: list[str]
    admin_email: str
    long_case_number: str
    long_case_pk: int
    cases: int
    messages: int


def bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def weighted(rng: random.Random, pairs: list[tuple]) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def state_for(rng: random.Random, category: str, age_days: float) -> str:
    """Old cases are mostly closed; young ones spread along their workflow."""
    from cases.workflows import State, workflow_for

    states = workflow_for(category).states
    if age_days > 60:
        return State.CLOSED if rng.random() < 0.9 else states[-2]
    if age_days > 14:
        return rng.choice(states[1:])
    return rng.choice(states[:-1]) if rng.random() < 0.85 else State.CLOSED


def seed(rng: random.Random, now: dt.datetime) -> Seeded:
    from django.db import transaction

    from accounts.models import User
    from cases import last_word
    from cases.models import (
        Attachment,
        Case,
        CaseEvent,
        CaseNumberSequence,
        Channel,
        CostEstimate,
        Message,
        TimeEntry,
    )
    from cases.sla import sla_deadlines
    from cases.workflows import Category, State, workflow_for
    from customers.models import Customer, Licence, Module, OfficeCountry, TrainingCompletion
    from customers.teams import Industry
    from sla.services import calendar_table_get
    from superusers.services import superuser_seat_assign

    with transaction.atomic():
        modules = Module.objects.bulk_create([Module(code=c, name=n) for c, n in MODULES])
        industries = list(Industry)
        customers = Customer.objects.bulk_create([
            Customer(name=("Bench Elektro AB" if i == 0 else f"Kund {i:02d} AB"),
                     customer_number=f"{30000 + i}",
                     office_country=(OfficeCountry.FINLAND if i % 3 == 2 else OfficeCountry.SWEDEN),
                     industry=(Industry.ELECTRICAL_HVAC if i == 0 else industries[i % len(industries)]))
            for i in range(CUSTOMERS)])
        licences = Licence.objects.bulk_create([
            Licence(customer=customer, number=f"L-{customer.customer_number}-1",
                    valid_from=dt.date(2023, 1, 1)) for customer in customers])
        licence_modules: dict[int, list[Module]] = {}  # by customer
        through = Licence.modules.through
        links = []
        for index, licence in enumerate(licences):
            chosen = modules[:5] if index == 0 else rng.sample(modules, rng.randint(1, 6))
            licence_modules[licence.customer_id] = chosen
            links += [through(licence_id=licence.pk, module_id=m.pk) for m in chosen]
        through.objects.bulk_create(links)

        staff = [User.objects.create_user(f"specialist{i}@kundcenter.example", "x" * 12,
                                          first_name=f"Specialist{i}", last_name="Bench",
                                          language="en", is_staff=True,
                                          support_team=("crafts" if i % 2 == 0 else "trade"))
                 for i in range(6)]
        admin = User.objects.create_superuser("bench.admin@kundcenter.example", "x" * 12,
                                              first_name="Bench", last_name="Admin",
                                              language="en")
        reporters: dict[int, list[User]] = {}
        trainings = []
        for index, (customer, licence) in enumerate(zip(customers, licences, strict=True)):
            people = []
            for person in range(3 if index == 0 else 1):
                user = User.objects.create_user(
                    f"superuser{person}@customer{customer.customer_number}.example", "x" * 12,
                    first_name=f"Super{person}", last_name=f"User{index}", language="en")
                superuser_seat_assign(licence=licence, user=user, assigned_by=admin)
                trainings += [TrainingCompletion(user=user, module=m,
                                                 completed_on=dt.date(2024, 3, 1))
                              for m in licence_modules[customer.pk]]
                people.append(user)
            reporters[customer.pk] = people
        TrainingCompletion.objects.bulk_create(trainings)

    tables = {office: calendar_table_get(office) for office in ("SE", "FI")}
    # (registered_at, customer) for every case, numbered in registration order per year.
    plan = [(now - dt.timedelta(days=rng.random() * HISTORY_DAYS), customers[0])
            for _ in range(MAIN_CASES - 1)]
    plan += [(now - dt.timedelta(days=rng.random() * HISTORY_DAYS), customer)
             for customer in customers[1:] for _ in range(OTHER_CASES)]
    plan.sort(key=lambda item: item[0])
    # The long conversation: an escalated level-2 bug from yesterday, the newest case.
    long_at = now - dt.timedelta(hours=20)
    plan.append((long_at, customers[0]))

    cases, per_year = [], {}
    for index, (registered_at, customer) in enumerate(plan):
        is_long = index == len(plan) - 1
        category = Category.SOFTWARE_BUG if is_long else weighted(rng, CATEGORY_WEIGHTS)
        age_days = (now - registered_at).total_seconds() / 86_400
        state = State.ESCALATED if is_long else state_for(rng, category, age_days)
        workflow = workflow_for(category)
        level = (2 if is_long else weighted(rng, LEVEL_WEIGHTS)) if category == "bug" else None
        per_year[registered_at.year] = per_year.get(registered_at.year, 0) + 1
        case = Case(
            number=f"{registered_at.year}-{per_year[registered_at.year]:06d}",
            customer=customer, reporter=rng.choice(reporters[customer.pk]),
            module=rng.choice(licence_modules[customer.pk]),
            category=category,
            subject=("Payroll export stops with error 500" if is_long
                     else f"{Category(category).label}: {rng.choice(SUBJECTS)}"),
            description="What happened, what we expected, and how to repeat it.\n" * 3,
            service_level=level, state=state, team=customer.support_team,
            office=customer.office_country, channel=Channel.PORTAL if rng.random() < 0.8
            else Channel.EMAIL, registered_at=registered_at,
            assignee=None if state == workflow.initial else rng.choice(staff))
        if level is not None:
            deadlines = sla_deadlines(tables[case.office], registered_at=registered_at,
                                      level=level)
            case.start_deadline = deadlines.start_deadline
            case.start_at_risk_from = deadlines.start_at_risk_from
            case.resolution_goal = deadlines.resolution_goal
        if state != workflow.initial:
            window = ((case.start_deadline - registered_at) if case.start_deadline
                      else dt.timedelta(hours=8))
            # Most start in time, some late: met and breached both occur.
            case.work_started_at = min(now, registered_at + window * rng.uniform(0.05, 1.3))
        if state in (State.DELIVERED, State.CLOSED):
            case.resolved_at = min(now, registered_at + dt.timedelta(days=rng.uniform(1, 30)))
        if state == State.CLOSED:
            case.closed_at = min(now, case.resolved_at + dt.timedelta(days=rng.uniform(0, 7)))
        cases.append(case)
    bulk(Case, cases)
    CaseNumberSequence.objects.bulk_create([CaseNumberSequence(year=y, last_number=n)
                                            for y, n in per_year.items()])
    long_case = cases[-1]

    events, estimates, entries, messages = [], [], [], []
    for case in cases:
        workflow = workflow_for(case.category)
        events.append(CaseEvent(case=case, at=case.registered_at, actor=case.reporter,
                                kind=CaseEvent.Kind.REGISTERED, to_state=workflow.initial))
        if case.work_started_at:
            events.append(CaseEvent(case=case, at=case.work_started_at, actor=case.assignee,
                                    kind=CaseEvent.Kind.WORK_STARTED))
            events.append(CaseEvent(case=case, at=case.work_started_at, actor=case.assignee,
                                    kind=CaseEvent.Kind.STATE_CHANGED,
                                    from_state=workflow.initial, to_state=case.state))
            if rng.random() < 0.3:
                entries.append(TimeEntry(case=case, specialist=case.assignee,
                                         minutes=rng.choice((15, 30, 45, 60, 90)),
                                         billable=case.category == Category.ORDER,
                                         note="Analysis", worked_on=case.work_started_at.date()))
        if case.category == Category.ORDER and case.state != State.RECEIVED:
            accepted = case.state != State.COST_ESTIMATE
            estimates.append(CostEstimate(
                case=case, amount=Decimal(rng.randrange(2_000, 60_000, 500)), currency="SEK",
                text="Analysis, configuration and a test run.", given_by=case.assignee,
                given_at=case.work_started_at,
                accepted_by=case.reporter if accepted else None,
                accepted_at=case.work_started_at + dt.timedelta(hours=4) if accepted else None))
        count = (LONG_CONVERSATION if case is long_case
                 else MESSAGES_PER_CASE if case.customer_id == customers[0].pk else 1)
        at = case.registered_at
        for number in range(count):
            by_staff = number % 2 == 1
            at = min(now, at + dt.timedelta(minutes=rng.randint(20, 600)))
            messages.append(Message(
                case=case, author=(case.assignee or rng.choice(staff)) if by_staff
                else case.reporter, body=f"{rng.choice(BODIES)} ({number + 1})",
                is_internal=by_staff and number % 4 == 3, created_at=at))
    bulk(Message, messages)
    last_word.refresh()  # bulk_create sends no signals
    attachments = [
        Attachment(case=m.case, message=m, file=f"cases/{m.created_at:%Y/%m}/shot-{m.pk}.png",
                   original_name=f"screenshot-{m.pk}.png", content_type="image/png",
                   size=rng.randint(20_000, 900_000), uploaded_by=m.author,
                   uploaded_at=m.created_at)
        for m in messages
        if (m.case is long_case and m.pk % 3 == 0) or rng.random() < 0.1]
    events += [CaseEvent(case=m.case, at=m.created_at, actor=m.author,
                         kind=CaseEvent.Kind.PUBLIC_REPLY, details={"message_id": m.pk})
               for m in messages if not m.is_internal]
    bulk(Attachment, attachments)
    bulk(CaseEvent, events)
    bulk(CostEstimate, estimates)
    bulk(TimeEntry, entries)
    return Seeded(superuser_emails=[u.email for u in reporters[customers[0].pk]],
                  admin_email=admin.email,
                  long_case_number=long_case.number, long_case_pk=long_case.pk,
                  cases=len(cases), messages=len(messages))


SUBJECTS = [
    "invoices do not print", "VAT report totals differ", "new user cannot log in",
    "import of bank file fails", "a dark mode", "export to Excel is slow",
    "payroll tax table for next year", "an extra company in the group",
    "project report shows wrong hours", "stock count list sorted wrongly",
]
BODIES = [
    "Thank you, we can see the problem and are looking into it.",
    "Here is a screenshot of the error message.",
    "It happens every time we run the month-end close.",
    "We have released a fix; please check that it works for you.",
    "We reproduced it on the test system with a copy of your data.",
]


# --- measurement --------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    name: str
    portal: str  # path on the portal
    floor: str  # the same page kind on the bare floor project
    staff: bool = False


@dataclass
class Result:
    page: Page
    portal_wall: list[float]
    portal_cpu: list[float]
    floor_cpu: list[float]
    ratios: list[float]
    portal_queries: int
    floor_queries: int

    @property
    def vs_floor(self) -> float:
        return statistics.median(self.ratios)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


class Worker:
    """A warm process serving one Django project (see page_worker.py)."""

    def __init__(self, settings_module: str, database_url: str, emails: list[str]) -> None:
        import multiprocessing

        from page_worker import serve

        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=serve, daemon=True,
                                       args=(child, settings_module, database_url, emails))
        self.process.start()
        if not self.conn.poll(300) or self.conn.recv() != "ready":
            raise SystemExit(f"{settings_module}: the worker did not start")

    def get(self, user_index: int, path: str):
        self.conn.send((user_index, path))
        answer = self.conn.recv()
        if answer.status != 200:
            raise SystemExit(f"{path}: HTTP {answer.status}")
        return answer

    def cookies(self) -> list[str]:
        self.conn.send(("cookies",))
        return self.conn.recv()

    def stop(self) -> None:
        self.conn.send(None)
        self.process.join(10)


def measure(page: Page, portal: Worker, floor: Worker, users: int, rng: random.Random) -> Result:
    """Alternate single requests (in random order within each pair) so both projects see
    the same machine load; each pair gives one CPU-time ratio."""
    user_of = (lambda i: users) if page.staff else (lambda i: i % users)
    for i in range(WARM_UPS):
        portal.get(user_of(i), page.portal)
        floor.get(user_of(i), page.floor)
    result = Result(page, [], [], [], [], 0, 0)
    for i in range(PAIRS):
        if rng.random() < 0.5:
            ours, theirs = portal.get(user_of(i), page.portal), floor.get(user_of(i), page.floor)
        else:
            theirs, ours = floor.get(user_of(i), page.floor), portal.get(user_of(i), page.portal)
        result.portal_wall.append(ours.wall_ms)
        result.portal_cpu.append(ours.cpu_ms)
        result.floor_cpu.append(theirs.cpu_ms)
        result.ratios.append(ours.cpu_ms / theirs.cpu_ms)
        result.portal_queries = max(result.portal_queries, ours.queries)
        result.floor_queries = max(result.floor_queries, theirs.queries)
    return result


def gunicorn_peak_rss(database_url: str, settings_module: str, paths: list[str],
                      cookies: list[str], port: int) -> float:
    """Serve the project with one gunicorn worker, send RSS_REQUESTS mixed requests and
    read the worker's peak resident set (VmHWM) in MiB."""
    import subprocess
    import urllib.request

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module,
           "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    application = ("benchmarks.floor.wsgi:application" if "floor" in settings_module
                   else "kundcenter.wsgi:application")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", application, "--workers", "1", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "--max-requests", "0"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = clock.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/robots-are-welcome", timeout=5)
            except urllib.error.HTTPError:
                break  # any HTTP answer: the worker is up
            except OSError as error:
                if clock.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start: " + (
                        server.stderr.read().decode() if server.poll() else "")) from error
                clock.sleep(0.3)
        for i in range(RSS_REQUESTS):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{paths[i % len(paths)]}",
                headers={"Cookie": f"sessionid={cookies[i % len(cookies)]}"})
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 200, (paths[i % len(paths)], response.status)
                response.read()
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        status = Path(f"/proc/{children[0]}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines()
                        if line.startswith("VmHWM:"))) / 1024
    finally:
        server.terminate()
        server.wait(10)


def profile(portal: Worker, page: Page) -> None:
    portal.conn.send(("profile", page.portal))
    print(portal.conn.recv())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", action="append", default=[], metavar="PAGE",
                        help="print a pyinstrument profile of PAGE on the portal (repeatable)")
    parser.add_argument("--only", action="append", default=[], metavar="PAGE",
                        help="measure only these pages (repeatable)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the seeded database of the previous run")
    args = parser.parse_args()

    url = os.environ.get("BENCH_PORTAL_DATABASE_URL", DEFAULT_DATABASE_URL)
    rng = random.Random(SEED)
    if args.reuse:
        name = urlsplit(url).path.lstrip("/")
        set_up_django(url)
        from accounts.models import User
        from cases.models import Case

        long_case = Case.objects.get(subject="Payroll export stops with error 500")
        seeded = Seeded(
            superuser_emails=list(User.objects.filter(customer=long_case.customer)
                                  .order_by("email").values_list("email", flat=True)),
            admin_email="bench.admin@kundcenter.example", long_case_number=long_case.number,
            long_case_pk=long_case.pk, cases=Case.objects.count(), messages=0)
        print(f"database {name} kept from the previous run ({seeded.cases:,} cases)")
    else:
        name = recreate_database(url)
        set_up_django(url)
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        started = clock.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = clock.perf_counter() - started
        started = clock.perf_counter()
        seeded = seed(rng, timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        seed_s = clock.perf_counter() - started
        print(f"database {name} (dropped and re-created), migrated in {migrate_s:.1f} s; "
              f"seeded {seeded.cases:,} cases over {CUSTOMERS} customers and "
              f"{seeded.messages:,} messages in {seed_s:.1f} s")
    from django.db import connections

    connections.close_all()

    emails = [*seeded.superuser_emails, seeded.admin_email]
    users = len(seeded.superuser_emails)
    long = seeded.long_case_number
    pages = [
        Page("case_list", "/cases/", "/cases/"),
        Page("case_list_deep", "/cases/?page=200", "/cases/?page=200"),
        Page("case_list_filtered", "/cases/?category=bug&status=open",
             "/cases/?category=bug&status=open"),
        Page("case_search", "/cases/?q=excel", "/cases/?q=excel"),
        Page("case_detail", f"/cases/{long}/", f"/cases/{long}/"),
        Page("register_form", "/cases/new/", "/cases/new/"),
        Page("dashboard", "/", "/"),
        Page("admin_list", "/admin/cases/case/", "/admin/floor/case/", staff=True),
        Page("admin_change", f"/admin/cases/case/{seeded.long_case_pk}/change/",
             f"/admin/floor/case/{seeded.long_case_pk}/change/", staff=True),
    ]
    if args.only:
        pages = [p for p in pages if p.name in args.only]
    portal = Worker("kundcenter.settings.test", url, emails)
    floor = Worker("benchmarks.floor.settings", url, emails)
    for i in range(PROCESS_WARM_UP):
        page = pages[i % len(pages)]
        user = users if page.staff else i % users
        portal.get(user, page.portal)
        floor.get(user, page.floor)
    results = [measure(page, portal, floor, users, rng) for page in pages]

    print()
    print(f"{'page':<19} {'median ms':>9} {'p90 ms':>7} {'cpu ms':>7} {'floor cpu':>9} "
          f"{'vs floor':>8} {'target':>7} {'queries':>7} {'floor q':>7}")
    for r in results:
        target = TARGET_VS_FLOOR.get(r.page.name)
        verdict = "" if target is None else (f"≤{target:.1f}" + (" ok" if r.vs_floor <= target
                                                                 else " !"))
        print(f"{r.page.name:<19} {statistics.median(r.portal_wall):>9.1f} "
              f"{p90(r.portal_wall):>7.1f} {statistics.median(r.portal_cpu):>7.1f} "
              f"{statistics.median(r.floor_cpu):>9.1f} {r.vs_floor:>7.2f}x {verdict:>7} "
              f"{r.portal_queries:>7} {r.floor_queries:>7}")
    print(f"(median and 90th percentile server wall time of {PAIRS} portal requests by {users} "
          f"SuperUsers (staff pages: one specialist); 'vs floor' is the median of {PAIRS} "
          "CPU-time ratios portal/floor, requests alternating with the bare Django project "
          "in benchmarks/floor over the same rows; queries per request without savepoints; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")

    for name_ in args.profile:
        print(f"\n--- profile of {PAIRS} requests: {name_} ---")
        profile(portal, next(p for p in pages if p.name == name_))

    portal_cookies, floor_cookies = portal.cookies()[:users], floor.cookies()[:users]
    portal.stop()
    floor.stop()
    customer_pages = [p for p in pages if not p.staff]
    rss = gunicorn_peak_rss(url, "kundcenter.settings.test", [p.portal for p in customer_pages],
                            portal_cookies, 8931)
    floor_rss = gunicorn_peak_rss(url, "benchmarks.floor.settings",
                                  [p.floor for p in customer_pages], floor_cookies, 8932)
    print(f"\npeak RSS of one gunicorn worker after {RSS_REQUESTS:,} mixed customer requests: "
          f"portal {rss:.0f} MiB, floor {floor_rss:.0f} MiB")

    figures: dict[str, float | int] = {}
    for r in results:
        figures[f"{r.page.name}_median_ms"] = round(statistics.median(r.portal_wall), 2)
        figures[f"{r.page.name}_p90_ms"] = round(p90(r.portal_wall), 2)
        figures[f"{r.page.name}_queries"] = r.portal_queries
        figures[f"{r.page.name}_vs_floor"] = round(r.vs_floor, 3)
    figures["gunicorn_worker_peak_rss_mib"] = round(rss, 1)
    figures["floor_worker_peak_rss_mib"] = round(floor_rss, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
