"""The customer's Atom feed: created and revoked by a SuperUser, only a digest stored."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from academy.models import FeedToken
from academy.rules import feed_token_digest
from tests.factories.academy import published_release

pytestmark = pytest.mark.django_db


def _create(client, language="en") -> str:
    response = client.post(reverse("academy:feed_settings"),
                           {"action": "create", "language": language})
    assert response.status_code == 200
    return re.search(r'id="new-feed-url" type="text" readonly value="([^"]+)"',
                     response.content.decode()).group(1)


def test_create_read_and_revoke(client, world):
    published_release(world.own, languages=("sv", "en"), body="Feed text", version="2026.50",
                      name="Winter")
    published_release(world.unlicensed, body="Not ours", version="2026.51")
    client.force_login(world.reader)
    url = _create(client)
    token = url.rsplit("/", 1)[1].removesuffix(".atom")
    stored = FeedToken.objects.get()
    assert stored.token_hash == feed_token_digest(token) and token not in stored.token_hash
    assert stored.customer_id == world.reader.customer_id
    # Shown once: the settings page no longer has it.
    assert token not in client.get(reverse("academy:feed_settings")).content.decode()

    client.logout()
    path = reverse("academy:feed", args=[token])
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "2026.50 Winter" in body and "Feed text (en)" in body and "Not ours" not in body

    client.force_login(world.reader)
    client.post(reverse("academy:feed_token_revoke", args=[stored.pk]))
    client.logout()
    assert client.get(path).status_code == 404


def test_an_unknown_token_is_a_404(client, world):
    assert client.get(reverse("academy:feed", args=["x" * 43])).status_code == 404
    assert client.get("/academy/feed/nope.atom").status_code == 404


def test_another_customer_cannot_revoke(client, world):
    client.force_login(world.reader)
    url = _create(client)
    feed = FeedToken.objects.get()
    client.force_login(world.other)
    assert client.post(reverse("academy:feed_token_revoke", args=[feed.pk])).status_code == 404
    assert str(feed.pk) not in client.get(reverse("academy:feed_settings")).content.decode() or \
        f"feed-{feed.pk}" not in client.get(reverse("academy:feed_settings")).content.decode()
    client.logout()
    assert client.get(url.split("testserver", 1)[1]).status_code == 200


def test_an_inactive_customers_feed_is_gone(client, world):
    client.force_login(world.reader)
    url = _create(client)
    world.reader.customer.is_active = False
    world.reader.customer.save()
    client.logout()
    assert client.get(url.split("testserver", 1)[1]).status_code == 404
