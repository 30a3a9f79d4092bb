"""PostgreSQL stopped under a running portal (gunicorn on a cluster of the test's own): every
page is a 503 with Retry-After in the reader's language while it is down, a registration cut
off half-way leaves no part of the case behind, and the same server process answers again as
soon as the database is back."""

from __future__ import annotations

import re
import subprocess
import threading

import requests
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.models import Case, CaseEvent, CaseNumberSequence, OutboxEmail
from tests.polling import wait_until

from .conftest import Portal

# The page's own words, in the reader's language as the catalogue has them (CI checks that
# every catalogue is complete), and the footer's, whose translations differ per language.
PAGE_WORDS = ("The Customer Centre is unavailable for a moment", "Digital Customer Centre")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_TABLES = [model._meta.db_table for model in (Case, CaseEvent, OutboxEmail)]


def _assert_unavailable_page(response: requests.Response, language: str) -> None:
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"] == str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS)
    assert response.headers["Content-Language"] == language
    assert f'<html lang="{language}">' in response.text
    with translation.override(language):
        for words in PAGE_WORDS:
            assert gettext(words) in response.text
    assert "Traceback" not in response.text


def _registration_form(portal: Portal, browser: requests.Session, subject: str) -> dict[str, str]:
    page = browser.get(portal.url + reverse("cases:case_create"), timeout=30)
    assert page.status_code == 200, page.text[:500]
    return {"csrfmiddlewaretoken": CSRF_FIELD.search(page.text).group(1),
            "module": str(portal.module), "category": "bug", "service_level": "2",
            "subject": subject, "description": "The export stops at 40 %."}


def test_while_the_database_is_down_pages_are_a_translated_503_and_then_the_portal_recovers(
        portal: Portal):
    case_page = portal.url + portal.case_url
    replying = portal.browser(**{"Accept-Language": "sv"})
    before = replying.get(case_page, timeout=30)
    assert before.status_code == 200
    reply = {"csrfmiddlewaretoken": CSRF_FIELD.search(before.text).group(1), "body": "Still there?"}

    portal.cluster.stop("fast")

    # The signed-in person's own language (sv) is in the database: the browser's decides.
    _assert_unavailable_page(portal.browser(**{"Accept-Language": "fi"}).get(case_page, timeout=30), "fi")
    by_cookie = portal.browser(**{"Accept-Language": "fi"})
    by_cookie.cookies.set(settings.LANGUAGE_COOKIE_NAME, "en")
    _assert_unavailable_page(by_cookie.get(case_page, timeout=30), "en")
    _assert_unavailable_page(portal.browser().get(portal.url + "/", timeout=30), "sv")
    # A reply sent meanwhile gets the same answer, not a stack trace.
    _assert_unavailable_page(replying.post(f"{case_page}reply/", data=reply, timeout=30), "sv")

    portal.cluster.start()
    portal.cluster.wait_ready()

    # The same process, with no restart: its broken connection is replaced on the next request.
    assert portal.process.poll() is None
    again = portal.browser().get(case_page, timeout=30)
    assert again.status_code == 200 and "Before the outage" in again.text
    assert "Still there?" not in again.text


def _lock_case_numbers(portal: Portal) -> subprocess.Popen:
    """Another session holds the case-number table, so a registration stops at its last step
    (the number), with the case, its event and its email already written but not committed."""
    cluster = portal.cluster
    command = [str(cluster.bin_dir / "psql"), "-X", "-q", "-h", "127.0.0.1", "-p", str(cluster.port),
               "-U", "postgres", "-d", "kundcenter", "-c",
               f"BEGIN; LOCK TABLE {CaseNumberSequence._meta.db_table} IN EXCLUSIVE MODE; "
               "SELECT pg_sleep(120);"]
    if cluster.run_as:
        command = ["runuser", "-u", cluster.run_as, "--", *command]
    holder = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(lambda: portal.cluster.psql(
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%' "
        "AND state = 'active' AND pid <> pg_backend_pid()") == "1",
        timeout=15, what="the lock holder did not start")
    return holder


def test_a_registration_cut_off_by_the_database_leaves_no_half_case(portal: Portal):
    browser = portal.browser(**{"Accept-Language": "sv"})
    form = _registration_form(portal, browser, "Cut off half-way")
    before = {table: portal.count(table) for table in CASE_TABLES}
    holder = _lock_case_numbers(portal)
    answer: dict[str, requests.Response] = {}
    request = threading.Thread(target=lambda: answer.setdefault("response", browser.post(
        portal.url + reverse("cases:case_create"), data=form, allow_redirects=False, timeout=60)))
    request.start()
    try:
        wait_until(lambda: portal.cluster.psql(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") == "1",
            timeout=30, what="the registration never reached the case number",
            diagnostics=portal.log.read_text)

        portal.cluster.stop("fast")
        request.join(timeout=60)
    finally:
        holder.kill()
        holder.wait()

    _assert_unavailable_page(answer["response"], "sv")
    portal.cluster.start()
    portal.cluster.wait_ready()
    assert {table: portal.count(table) for table in CASE_TABLES} == before

    # Sent again once the database is back: one whole case, with its event and its email.
    form = _registration_form(portal, browser, "Cut off half-way")
    registered = browser.post(portal.url + reverse("cases:case_create"), data=form,
                              allow_redirects=False, timeout=60)
    assert registered.status_code == 302, registered.text[:1000]
    after = {table: portal.count(table) for table in CASE_TABLES}
    assert all(after[table] > before[table] for table in CASE_TABLES)
    assert portal.count(f"{Case._meta.db_table} WHERE subject = 'Cut off half-way'") == 1
