"""One rule for the client's address (kundcenter/client_ip.py), used by django-axes and the
audit log: behind the trusted proxies X-Forwarded-For names the client, otherwise (and by
default) REMOTE_ADDR does, and a header a client made up never counts."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django.urls import reverse

from audit.models import AuditEntry
from kundcenter.client_ip import client_ip
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent
PROXY = "10.0.0.1"
CLIENT = "203.0.113.9"
OTHER_CLIENT = "198.51.100.23"
SPOOFED = "192.0.2.66"


def request(forwarded_for: str | None = None, remote_addr: str = PROXY):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_address_it_forwarded():
    # nginx appends the address it was connected from; what the client sent stays on the left.
    assert client_ip(request(CLIENT)) == CLIENT
    assert client_ip(request(f"{SPOOFED}, {CLIENT}")) == CLIENT


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_client_is_two_hops_from_the_right():
    assert client_ip(request(f"{SPOOFED}, {CLIENT}, 10.0.0.2")) == CLIENT
    assert client_ip(request(f"{CLIENT}, {PROXY}")) == CLIENT


@override_settings(TRUSTED_PROXY_COUNT=0, TRUSTED_PROXIES=[])
def test_without_trusted_proxies_a_forwarded_header_is_ignored():
    assert client_ip(request(SPOOFED, remote_addr=CLIENT)) == CLIENT
    assert client_ip(request(f"{SPOOFED}, {PROXY}", remote_addr=CLIENT)) == CLIENT


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_fewer_hops_than_trusted_proxies_fall_back_to_the_peer():
    assert client_ip(request(CLIENT)) == PROXY
    assert client_ip(request()) == PROXY


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_trusted_proxy_list_counts_only_requests_that_came_through_it():
    assert client_ip(request(f"{SPOOFED}, {CLIENT}")) == CLIENT
    # Straight to the application, past the proxy, with a made-up header: its own address.
    assert client_ip(request(SPOOFED, remote_addr=OTHER_CLIENT)) == OTHER_CLIENT


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_ports_and_ipv6_are_normalised():
    assert client_ip(request(f"{CLIENT}:51234")) == CLIENT
    assert client_ip(request("[2001:db8::7]:443")) == "2001:db8::7"


@override_settings(TRUSTED_PROXIES=["not-an-address"])
def test_a_wrong_proxy_list_fails_loudly():
    with pytest.raises(ImproperlyConfigured):
        client_ip(request(CLIENT))


def test_axes_asks_the_same_helper():
    from axes.helpers import get_client_ip_address

    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert get_client_ip_address(request(f"{SPOOFED}, {CLIENT}")) == CLIENT


def test_no_code_reads_remote_addr_but_the_helper():
    """Ten call sites once read REMOTE_ADDR directly; behind the proxy that is the proxy."""
    skipped = {".venv", ".git", "tests", "build", "var", "node_modules", "__pycache__"}
    found = []
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = [d for d in subdirectories if d not in skipped]
        for name in files:
            path = Path(directory, name)
            if name.endswith(".py") and path != ROOT / "kundcenter" / "client_ip.py":
                if re.search(r"""META(\.get\(|\[)\s*["']REMOTE_ADDR""", path.read_text()):
                    found.append(str(path.relative_to(ROOT)))
    assert found == []


def _login(client, email: str, password: str, forwarded_for: str):
    client.cookies["django_language"] = "en"
    return client.post(reverse("accounts:login"), {"username": email, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_axes_locks_out_the_client_not_the_proxy(client):
    from django.test import Client

    user = UserFactory()
    for _ in range(5):
        _login(client, user.email, "wrong-password", CLIENT)
    assert _login(client, user.email, PASSWORD, CLIENT).status_code == 429

    # Another person behind the same proxy is not locked out (account and address lock).
    other = Client()
    response = _login(other, user.email, PASSWORD, OTHER_CLIENT)
    assert response.status_code == 302
    assert "_auth_user_id" in other.session


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_audit_log_records_the_client_behind_the_proxy(client):
    user = UserFactory()
    assert _login(client, user.email, PASSWORD, f"{SPOOFED}, {CLIENT}").status_code == 302
    entry = AuditEntry.objects.get(action="user.login", subject_id=str(user.pk))
    assert entry.ip_address == CLIENT


@pytest.mark.django_db
def test_by_default_the_audit_log_records_remote_addr(client):
    user = UserFactory()
    assert _login(client, user.email, PASSWORD, SPOOFED).status_code == 302
    entry = AuditEntry.objects.get(action="user.login", subject_id=str(user.pk))
    assert entry.ip_address == PROXY
