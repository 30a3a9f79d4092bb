"""The journeys `make bench-load` sends to the portal (and the floor), and the runner that
measures them.

``benchmarks/bench_load.py`` writes a plan (JSON: the seeded people, their cases and
modules, the floor's session cookies) and runs this file as a script, which drives locust
as a library: for each level of concurrent users it spawns the level's new users, waits
until each has signed in, warms up, resets the statistics and measures for a fixed time;
the users of one level stay for the next, so each person signs in once. The figures go to ``--out`` as JSON.

Every simulated user sends its next request as soon as the previous one is answered (no
think time): N users are N requests in flight, and requests/s is what the server sustains
at that concurrency. A response outside 2xx/3xx, a redirect where a page was expected (the
session lost) or a form sent back with errors is a failure; a 429 is one too.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from collections.abc import Iterator
from typing import Any

from locust import HttpUser, constant, task
from locust.exception import StopUser

PLAN_ENV = "BENCH_LOAD_PLAN"

# A few lines of a log file, the kind of attachment a customer sends with a reply.
ATTACHMENT = ("bench-load.log", b"2026-01-12 08:14:03 ERROR export stopped: code 500\n" * 20,
              "text/plain")
CASE_SEARCHES = ["excel", "invoices", "VAT", "payroll", "bank file", "stock"]
FAQ_SEARCHES = ["faktura", "kreditfaktura", "lasku", "palkka", "invoice", "lön", "moms"]
ADMIN_SEARCHES = ["export", "invoices", "payroll"]
SIGN_IN_TIMEOUT = 600  # seconds for a level's new users to sign in before its warm-up


def _load_plan() -> dict[str, Any]:
    path = os.environ.get(PLAN_ENV)
    if not path:
        return {"superusers": [], "specialists": [], "floor": [], "password": ""}
    with open(path, encoding="utf-8") as file:
        return json.load(file)


PLAN = _load_plan()
# Each simulated user takes the next person of the plan: the load spreads over customers.
_next_superuser: Iterator[int] = itertools.count()
_next_specialist: Iterator[int] = itertools.count()
_next_floor: Iterator[int] = itertools.count()


class _Ready:
    """Users whose on_start has finished (signed in, or failed to): a level's warm-up starts
    only when all are, so the logins (a production password hash each, a quarter of a second of
    CPU) stay out of the measurement. Greenlets of one process: no lock needed."""

    users = 0


def _pick(people: list[dict], counter: Iterator[int]) -> dict:
    if not people:
        raise StopUser  # run without a plan: nothing to do
    return people[next(counter) % len(people)]


class PortalUser(HttpUser):
    """Shared by the portal's journeys: a real login through the form, CSRF as a browser
    sends it (the cookie's token in the header), and the checks that make a page a failure."""

    abstract = True
    wait_time = constant(0)

    def login(self, path: str, email: str, landing: str) -> None:
        self.client.get(path, name=path)
        with self.client.post(path, data={"username": email, "password": PLAN["password"],
                                          "next": landing},
                              headers=self._csrf(path), name=f"{path} [POST]",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                # Not fatal here: every page this user asks for later redirects to the login
                # and counts as an error in the measurement.
                response.failure(f"login of {email} refused: HTTP {response.status_code}")

    def _csrf(self, referer_path: str) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "Referer": f"{self.host}{referer_path}"}

    def page(self, path: str, name: str) -> None:
        """A GET that must land on the page itself: a redirect means the session is gone."""
        with self.client.get(path, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    def submit(self, path: str, name: str, data: dict, files: dict | None = None) -> None:
        """A form POST that must succeed: the portal redirects after a write and answers a
        form with errors with the form again."""
        with self.client.post(path, data=data, files=files, headers=self._csrf(path),
                              name=name, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"not accepted: HTTP {response.status_code}")


class SuperUserJourney(PortalUser):
    """A customer's SuperUser: home, the case list (paged, filtered, searched), case pages,
    now and then a reply with a file or a new case, and the FAQ."""

    weight = 9

    def on_start(self) -> None:
        self.person = _pick(PLAN["superusers"], _next_superuser)
        self.login("/accounts/login/", self.person["email"], "/")
        _Ready.users += 1

    def _case(self) -> str:
        return random.choice(self.person["cases"])

    @task(10)
    def dashboard(self) -> None:
        self.page("/", "/ (home)")

    @task(10)
    def case_list(self) -> None:
        self.page("/cases/", "/cases/")

    @task(3)
    def case_list_filtered(self) -> None:
        self.page("/cases/?category=bug&status=open", "/cases/?category&status")

    @task(2)
    def case_list_deep(self) -> None:
        self.page(f"/cases/?page={random.randint(2, 40)}", "/cases/?page=N")

    @task(6)
    def case_search(self) -> None:
        self.page(f"/cases/?q={random.choice(CASE_SEARCHES)}", "/cases/?q=")

    @task(12)
    def case_detail(self) -> None:
        self.page(f"/cases/{self._case()}/", "/cases/[number]/")

    @task(4)
    def faq_search(self) -> None:
        self.page(f"/faq/search/?q={random.choice(FAQ_SEARCHES)}", "/faq/search/?q=")

    @task(3)
    def faq_suggest(self) -> None:
        self.page(f"/faq/suggest/?q={random.choice(FAQ_SEARCHES)}", "/faq/suggest/?q=")

    @task(1)
    def register_case(self) -> None:
        # The form first, as a person would (it also starts the FAQ-deflection clock).
        self.page("/cases/new/", "/cases/new/")
        self.submit("/cases/new/", "/cases/new/ [POST]", {
            "module": random.choice(self.person["modules"]), "category": "support",
            "subject": f"Load test: {random.choice(CASE_SEARCHES)} question",
            "description": "What happened, what we expected, and how to repeat it.",
        })

    @task(1)
    def reply(self) -> None:
        number = random.choice(self.person["open_cases"])
        self.submit(f"/cases/{number}/reply/", "/cases/[number]/reply/ [POST]",
                    {"body": "Here is the log from this morning's run."},
                    files={"attachments": ATTACHMENT})


class SpecialistJourney(PortalUser):
    """A product specialist at the desk: the admin's case list, its queues and search, and
    case change forms."""

    weight = 1

    def on_start(self) -> None:
        self.person = _pick(PLAN["specialists"], _next_specialist)
        self.login("/admin/login/", self.person["email"], "/admin/")
        _Ready.users += 1

    @task(2)
    def desk(self) -> None:
        self.page("/admin/", "/admin/ (desk)")

    @task(5)
    def case_list(self) -> None:
        self.page("/admin/cases/case/", "/admin/cases/case/")

    @task(3)
    def queue(self) -> None:
        queue = random.choice(["mine", "unassigned", "at_risk", "waiting"])
        self.page(f"/admin/cases/case/?queue={queue}", "/admin/cases/case/?queue=")

    @task(2)
    def admin_search(self) -> None:
        self.page(f"/admin/cases/case/?q={random.choice(ADMIN_SEARCHES)}",
                  "/admin/cases/case/?q=")

    @task(5)
    def change_form(self) -> None:
        pk = random.choice(self.person["case_pks"])
        self.page(f"/admin/cases/case/{pk}/change/", "/admin/cases/case/[id]/change/")


class FloorJourney(HttpUser):
    """The bare Django project's pages of the same kinds, with the SuperUser journey's read
    weights, signed in by a session the bench created."""

    wait_time = constant(0)

    def on_start(self) -> None:
        person = _pick(PLAN["floor"], _next_floor)
        self.cases = person["cases"]
        self.client.cookies.set("sessionid", person["cookie"])
        _Ready.users += 1

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(10)
    def dashboard(self) -> None:
        self.page("/", "/ (home)")

    @task(15)
    def case_list(self) -> None:
        self.page("/cases/", "/cases/")

    @task(6)
    def case_search(self) -> None:
        self.page(f"/cases/?q={random.choice(CASE_SEARCHES)}", "/cases/?q=")

    @task(12)
    def case_detail(self) -> None:
        self.page(f"/cases/{random.choice(self.cases)}/", "/cases/[number]/")


def user_classes(target: str) -> list[type[HttpUser]]:
    return [FloorJourney] if target == "floor" else [SuperUserJourney, SpecialistJourney]


# --- the runner (python benchmarks/locustfile.py ...) ------------------------------------

def _entry_figures(entry, seconds: float) -> dict[str, Any]:
    return {
        "method": entry.method, "name": entry.name, "requests": entry.num_requests,
        "errors": entry.num_failures, "requests_per_s": round(entry.num_requests / seconds, 2),
        "p50_ms": entry.get_response_time_percentile(0.50),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
    }


def measure_levels(*, host: str, target: str, levels: list[int], warmup: float,
                   duration: float) -> list[dict[str, Any]]:
    """Each level: spawn up to ``users``, wait until each has signed in, warm up, reset the
    statistics, measure."""
    import time

    import gevent
    from locust.env import Environment

    environment = Environment(user_classes=user_classes(target), host=host)
    runner = environment.create_local_runner()
    results = []
    try:
        for users in levels:
            runner.start(users, spawn_rate=users)
            deadline = time.monotonic() + SIGN_IN_TIMEOUT
            while _Ready.users < users and time.monotonic() < deadline:
                gevent.sleep(0.2)
            ready = _Ready.users
            gevent.sleep(warmup)
            environment.stats.reset_all()
            started = time.monotonic()
            gevent.sleep(duration)
            seconds = time.monotonic() - started
            stats = environment.stats
            results.append({
                "users": users, "signed_in_before_warmup": min(ready, users),
                "seconds": round(seconds, 2),
                "total": _entry_figures(stats.total, seconds),
                "endpoints": [_entry_figures(entry, seconds)
                              for entry in sorted(stats.entries.values(),
                                                  key=lambda e: (e.name, e.method))],
                "error_kinds": [{"method": e.method, "name": e.name, "error": str(e.error),
                                 "occurrences": e.occurrences} for e in stats.errors.values()],
            })
    finally:
        runner.quit()
    return results


def main() -> None:
    import argparse
    import logging

    parser = argparse.ArgumentParser(description="Run the bench-load journeys at fixed levels.")
    parser.add_argument("--host", required=True)
    parser.add_argument("--target", choices=["portal", "floor"], default="portal")
    parser.add_argument("--levels", default="16")
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    try:
        results = measure_levels(host=args.host, target=args.target,
                                 levels=[int(n) for n in args.levels.split(",")],
                                 warmup=args.warmup, duration=args.duration)
    except KeyboardInterrupt:
        raise SystemExit(130) from None  # bench_load.py says so and stops the servers
    with open(args.out, "w", encoding="utf-8") as file:
        json.dump(results, file)


if __name__ == "__main__":
    main()
