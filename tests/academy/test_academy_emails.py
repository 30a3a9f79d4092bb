"""Opt-in mail when a release is published: one per subscriber, their language, once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from academy.models import ReleaseSubscription
from academy.services import RELEASE_EMAIL_TEMPLATE, release_publish
from cases.models import OutboxEmail
from cases.notifications import render_outbox_email
from tests.factories import LicenceFactory, UserFactory, make_superuser
from tests.factories.academy import ReleaseFactory, ReleaseSectionFactory

pytestmark = pytest.mark.django_db


def _subscribe(client, user):
    client.force_login(user)
    client.post(reverse("academy:feed_settings"), {"action": "subscribe"})
    client.logout()


def test_one_mail_per_subscriber_in_their_language_not_twice(client, world,
                                                             django_capture_on_commit_callbacks):
    finn = make_superuser(licence=LicenceFactory(modules=[world.own]), language="fi",
                          email="finn@example.com")
    quiet = make_superuser(licence=world.reader.seats.get().licence, email="quiet@example.com")
    gone = make_superuser(licence=LicenceFactory(modules=[world.own]), email="gone@example.com")
    for user in (world.reader, finn, gone, world.other):
        _subscribe(client, user)
    gone.is_active = False
    gone.save()
    assert ReleaseSubscription.objects.count() == 4

    release = ReleaseFactory(published_at=None, version="2026.60")
    ReleaseSectionFactory(release=release, module=world.own)
    with django_capture_on_commit_callbacks() as callbacks:
        assert release_publish(release=release, now=timezone.now()) == 2
    assert len(callbacks) == 2
    emails = {e.recipient: e for e in OutboxEmail.objects.filter(template=RELEASE_EMAIL_TEMPLATE)}
    assert set(emails) == {"anna@example.com", "finn@example.com"}
    assert quiet.email not in emails and world.other.email not in emails
    assert emails["finn@example.com"].language == "fi"
    assert emails["anna@example.com"].language == "sv"
    subject, text = render_outbox_email(emails["finn@example.com"])
    assert "2026.60" in subject
    assert "Laskutus" in text and f"/academy/releases/{release.pk}/" in text
    _subject, swedish = render_outbox_email(emails["anna@example.com"])
    assert "Fakturering" in swedish

    release.refresh_from_db()
    assert release.published_at is not None
    assert release_publish(release=release, now=timezone.now()) == 0
    assert OutboxEmail.objects.filter(template=RELEASE_EMAIL_TEMPLATE).count() == 2


def test_unsubscribing_stops_the_mail(client, world):
    _subscribe(client, world.reader)
    client.force_login(world.reader)
    client.post(reverse("academy:feed_settings"), {"action": "unsubscribe"})
    release = ReleaseFactory(published_at=None)
    ReleaseSectionFactory(release=release, module=world.own)
    assert release_publish(release=release, now=timezone.now()) == 0


def test_a_person_without_a_seat_cannot_subscribe(client, world):
    client.force_login(UserFactory(customer=world.reader.customer))
    client.post(reverse("academy:feed_settings"), {"action": "subscribe"})
    assert not ReleaseSubscription.objects.exists()


def test_a_release_without_sections_is_not_published(world):
    release = ReleaseFactory(published_at=None)
    with pytest.raises(ValidationError):
        release_publish(release=release, now=timezone.now())


def test_the_admin_action_publishes(admin_client, world, client):
    _subscribe(client, world.reader)
    release = ReleaseFactory(published_at=None)
    ReleaseSectionFactory(release=release, module=world.own)
    for _ in range(2):
        admin_client.post(reverse("admin:academy_release_changelist"),
                          {"action": "publish", "_selected_action": [release.pk]})
    release.refresh_from_db()
    assert release.published_at and release.notified_at
    assert OutboxEmail.objects.filter(template=RELEASE_EMAIL_TEMPLATE).count() == 1
