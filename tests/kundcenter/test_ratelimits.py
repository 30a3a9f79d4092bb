"""Per-client rate limits on login, password reset, account and case registration and the FAQ
suggestions (kundcenter/ratelimits.py), counted in a real Redis as in production."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import redis
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from accounts.models import PendingRegistration, User
from cases.models import Case
from kundcenter.ratelimits import LOGIN
from tests.factories import PASSWORD, UserFactory, make_specialist, make_superuser

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.7"
OTHER_ADDRESS = "198.51.100.8"


@pytest.fixture(autouse=True)
def redis_counters(redis_url, settings):
    """The counters in Redis, under a prefix of this test's own (deleted afterwards), on a
    stopped clock: each limit counts in fixed windows whose edges fall at any second (an
    offset per key), so a burst on a running clock could straddle one and be counted as
    two. A test that needs time to pass moves the clock itself."""
    prefix = f"test-ratelimits-{uuid.uuid4().hex}"
    settings.CACHES = {**settings.CACHES, "ratelimit": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
        "KEY_PREFIX": prefix}}
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC), tick=False):
        yield
    server = redis.Redis.from_url(redis_url)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


@pytest.fixture
def client() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def login(client: Client, n: int, address: str = ADDRESS, **extra) -> HttpResponse:
    # A new address each time: axes (per account and address) never locks one first.
    return client.post(reverse("accounts:login"),
                       {"username": f"nobody{n}@example.com", "password": "wrong"},
                       REMOTE_ADDR=address, **extra)


def password_reset(client: Client, n: int) -> HttpResponse:
    return client.post(reverse("accounts:password_reset"), {"email": f"someone{n}@example.com"},
                       REMOTE_ADDR=ADDRESS)


def account_registration(client: Client, n: int) -> HttpResponse:
    return client.post(reverse("accounts:register"), {
        "email": f"new{n}@example.com", "first_name": "Nina", "last_name": "Nyberg", "phone": "",
        "language": "sv", "company_name": "", "customer_number": "",
        "password1": "Strong-and-long-42", "password2": "Strong-and-long-42"}, REMOTE_ADDR=ADDRESS)


def case_form(reporter, n: int = 0) -> dict:
    return {"module": reporter.trainings.first().module.pk, "category": "bug", "service_level": "2",
            "subject": f"Payroll export fails {n}",
            "description": "Error 500 when exporting the March payroll."}


def case_registration(client: Client, n: int) -> HttpResponse:
    reporter = User.objects.get(pk=client.session["_auth_user_id"])
    return client.post(reverse("cases:case_create"), case_form(reporter, n), REMOTE_ADDR=ADDRESS)


def faq_suggest(client: Client, n: int, **extra) -> HttpResponse:
    return client.get(reverse("knowledgebase:suggest"), {"q": f"invoice {n}"},
                      REMOTE_ADDR=ADDRESS, **extra)


@dataclass(frozen=True)
class Endpoint:
    setting: str
    send: Callable[[Client, int], HttpResponse]
    allowed_status: int
    signed_in: bool = False


ENDPOINTS = {
    "login": Endpoint("RATE_LIMIT_LOGIN", login, 200),
    "password-reset": Endpoint("RATE_LIMIT_PASSWORD_RESET", password_reset, 302),
    "account-registration": Endpoint("RATE_LIMIT_ACCOUNT_REGISTRATION", account_registration, 302),
    "case-registration": Endpoint("RATE_LIMIT_CASE_REGISTRATION", case_registration, 302,
                                  signed_in=True),
    "faq-suggest": Endpoint("RATE_LIMIT_FAQ_SUGGEST", faq_suggest, 200),
}


@pytest.mark.parametrize(("name", "rate", "period"), [
    ("login", "3/m", 60), ("password-reset", "3/h", 3600),
    ("account-registration", "3/h", 3600), ("case-registration", "3/10m", 600),
    ("faq-suggest", "3/m", 60),
])
def test_each_limit_trips_at_its_configured_rate(client, settings, name, rate, period):
    endpoint = ENDPOINTS[name]
    setattr(settings, endpoint.setting, rate)
    if endpoint.signed_in:
        client.force_login(make_superuser(language="en"))
    for n in range(3):
        assert endpoint.send(client, n).status_code == endpoint.allowed_status
    refused = endpoint.send(client, 3)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= period + 1
    assert "Please try again in" in refused.content.decode()


def test_the_limits_have_the_documented_defaults(settings):
    assert (settings.RATE_LIMIT_LOGIN, settings.RATE_LIMIT_PASSWORD_RESET,
            settings.RATE_LIMIT_ACCOUNT_REGISTRATION, settings.RATE_LIMIT_CASE_REGISTRATION,
            settings.RATE_LIMIT_FAQ_SUGGEST) == ("20/m", "10/h", "10/h", "10/10m", "60/m")


def test_the_21st_login_from_one_address_is_refused_while_another_address_goes_on(client):
    for n in range(20):
        assert login(client, n).status_code == 200  # "enter a correct email and password"
    refused = login(client, 20)
    assert refused.status_code == 429
    assert "many login attempts from your network" in refused.content.decode()
    assert login(client, 21, address=OTHER_ADDRESS).status_code == 200


def test_behind_a_trusted_proxy_each_client_counts_and_a_forged_hop_does_not_help(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMIT_LOGIN = "2/m"
    proxy = "10.0.0.1"
    for n in range(2):
        assert login(client, n, address=proxy, HTTP_X_FORWARDED_FOR=ADDRESS).status_code == 200
    forged = login(client, 2, address=proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.99, {ADDRESS}")
    assert forged.status_code == 429
    assert login(client, 3, address=proxy, HTTP_X_FORWARDED_FOR=OTHER_ADDRESS).status_code == 200


def test_an_ipv6_client_counts_by_its_64_network(client, settings):
    settings.RATE_LIMIT_LOGIN = "2/m"
    assert login(client, 0, address="2001:db8:0:7::1").status_code == 200
    assert login(client, 1, address="2001:db8:0:7::2").status_code == 200
    assert login(client, 2, address="2001:db8:0:7:ffff::3").status_code == 429
    assert login(client, 3, address="2001:db8:0:8::1").status_code == 200


def test_opening_the_login_page_is_free(client, settings):
    settings.RATE_LIMIT_LOGIN = "1/m"
    for _ in range(5):
        assert client.get(reverse("accounts:login"), REMOTE_ADDR=ADDRESS).status_code == 200
    assert login(client, 0).status_code == 200
    assert login(client, 1).status_code == 429


TEXTS = {
    "en": ("Too many attempts", "many login attempts from your network",
           "Many FAQ suggestions have been asked for", "Please try again in 1 minute.",
           "What you wrote is still in the form below."),
    "sv": ("För många försök", "många inloggningsförsök från ditt nätverk",
           "Många förslag från Frågor och Svar har begärts", "Försök igen om 1 minut.",
           "Det du skrev finns kvar i formuläret nedan."),
    "fi": ("Liian monta yritystä", "Verkostasi on yritetty kirjautua monta kertaa",
           "Verkostasi on pyydetty monta UKK-ehdotusta", "Yritä uudelleen 1 minuutin kuluttua.",
           "Kirjoittamasi teksti on yhä alla olevassa lomakkeessa."),
}


@pytest.mark.parametrize("language", TEXTS)
def test_a_refusal_says_what_happened_and_when_to_retry_in_the_readers_language(
        client, settings, language):
    title, login_reason, suggest_reason, retry, kept = TEXTS[language]
    settings.RATE_LIMIT_LOGIN = settings.RATE_LIMIT_FAQ_SUGGEST = "1/m"
    client.cookies["django_language"] = language
    # One-minute windows: at most 60 seconds to wait.
    login(client, 0)
    form_page = login(client, 1)
    faq_suggest(client, 0)
    page = faq_suggest(client, 1)  # without htmx: a page of its own
    for refused in (form_page, page):
        assert refused.status_code == 429
        text = refused.content.decode()
        assert f'<html lang="{language}">' in text and 'id="main-nav"' in text  # the layout
        assert retry in text
    assert login_reason in form_page.content.decode() and kept in form_page.content.decode()
    assert f'<h1 class="h3">{title}</h1>' in page.content.decode()
    assert suggest_reason in page.content.decode()


def test_the_limit_lifts_when_its_window_ends(client, settings):
    settings.RATE_LIMIT_LOGIN = "2/m"
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 17, tzinfo=dt.UTC), tick=False) as clock:
        login(client, 0)
        login(client, 1)
        refused = login(client, 2)
        assert refused.status_code == 429
        retry_after = int(refused["Retry-After"])
        clock.shift(retry_after - 1)
        assert login(client, 3).status_code == 429
        clock.shift(1)
        assert login(client, 4).status_code == 200
        assert login(client, 5).status_code == 200
        assert login(client, 6).status_code == 429


def test_a_suggestion_burst_gets_a_429_fragment_for_htmx(client, settings):
    settings.RATE_LIMIT_FAQ_SUGGEST = "5/m"
    answers = [faq_suggest(client, n, HTTP_HX_REQUEST="true") for n in range(8)]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 3
    fragment = answers[-1].content.decode()
    assert "<html" not in fragment and 'id="rate-limited"' in fragment
    assert "FAQ suggestions" in fragment and "Please try again in" in fragment
    assert int(answers[-1]["Retry-After"]) >= 1


def test_a_refused_case_registration_keeps_what_was_typed_and_registers_nothing(client, settings):
    settings.RATE_LIMIT_CASE_REGISTRATION = "1/10m"
    reporter = make_superuser(language="en")
    client.force_login(reporter)
    assert client.post(reverse("cases:case_create"), case_form(reporter, 1)).status_code == 302
    refused = client.post(reverse("cases:case_create"), case_form(reporter, 2))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= 601
    page = refused.content.decode()
    assert "You have registered many cases in a short time" in page
    assert "What you wrote is still in the form below. Attach any files again." in page
    assert 'value="Payroll export fails 2"' in page
    assert "Error 500 when exporting the March payroll.</textarea>" in page
    assert "This field is required" not in page  # shown again, not validated
    assert Case.objects.count() == 1


def test_a_refused_login_keeps_the_email_and_never_tries_the_password(client, settings):
    settings.RATE_LIMIT_LOGIN = "1/m"
    user = UserFactory()
    login(client, 0)
    refused = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD},
                          REMOTE_ADDR=ADDRESS)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert f'value="{user.email}"' in page and PASSWORD not in page
    assert "Type the password again." in page
    assert "_auth_user_id" not in client.session  # the right password was not even tried
    assert not AccessAttempt.objects.filter(username=user.email).exists()


def test_a_refused_account_request_keeps_the_typed_details_and_sends_nothing(client, settings):
    settings.RATE_LIMIT_ACCOUNT_REGISTRATION = "1/h"
    account_registration(client, 0)
    mail.outbox.clear()
    refused = account_registration(client, 1)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert 'value="new1@example.com"' in page and 'value="Nyberg"' in page
    assert "Strong-and-long-42" not in page
    assert "This field is required" not in page
    assert not PendingRegistration.objects.filter(email="new1@example.com").exists()
    assert mail.outbox == []


def test_case_registration_counts_per_person_not_per_office_address(client, settings):
    settings.RATE_LIMIT_CASE_REGISTRATION = "1/10m"
    first, colleague = make_superuser(), make_superuser()
    for person in (first, colleague):
        client.force_login(person)
        assert client.post(reverse("cases:case_create"), case_form(person),
                           REMOTE_ADDR=ADDRESS).status_code == 302


def test_a_specialist_is_never_counted(client, settings):
    settings.RATE_LIMIT_FAQ_SUGGEST = "1/m"
    settings.RATE_LIMIT_LOGIN = "1/m"
    for n in range(3):  # the admin's own login is not the portal's
        response = client.post(reverse("admin:login"), {"username": f"staff{n}@example.com",
                                                        "password": "wrong"}, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 200
    client.force_login(make_specialist())
    assert [faq_suggest(client, n).status_code for n in range(3)] == [200] * 3
    client.logout()
    assert faq_suggest(client, 3).status_code == 200  # the specialist's requests left no count
    assert faq_suggest(client, 4).status_code == 429


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_each_hit_is_logged_without_personal_data(client, settings):
    settings.RATE_LIMIT_LOGIN = "1/m"
    handler = _Records()
    logger = logging.getLogger("kundcenter.ratelimits")
    logger.addHandler(handler)
    try:
        login(client, 0)
        login(client, 1)
        login(client, 2)
    finally:
        logger.removeHandler(handler)
    assert [(r.levelname, r.getMessage(), r.limit) for r in handler.records] == [
        ("WARNING", "rate limit hit", "login")] * 2
    logged = " ".join(str(value) for r in handler.records for value in vars(r).values())
    assert ADDRESS not in logged and "nobody" not in logged


def test_a_cache_that_cannot_count_lets_people_log_in(client, settings):
    settings.RATE_LIMIT_LOGIN = "1/m"
    settings.CACHES = {**settings.CACHES, "ratelimit": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    assert [login(client, n).status_code for n in range(3)] == [200] * 3


def test_a_malformed_rate_is_a_configuration_error(settings):
    settings.RATE_LIMIT_LOGIN = "10/x"
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_LOGIN"):
        LOGIN.rate  # noqa: B018
