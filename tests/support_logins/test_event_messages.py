"""Support-login notes in a case conversation are stored as kind + parameters and read in
each reader's language, their instants in the office's time; older text notes still read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from cases.models import Message
from portal.events import message_text
from support_logins import services
from tests.factories import WEDNESDAY_MORNING, grant_support_login, make_specialist

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
# Wed 11 Feb 2026 09:00 Stockholm + 8 open hours = Thu 12 Feb 10:00 Stockholm.
THURSDAY_TEN = {"sv": "torsdag 12 februari 2026 10:00", "fi": "torstai 12.2.2026 klo 10.00",
                "en": "Thursday 12 February 2026 10:00"}


def _note(grant, kind: str) -> Message:
    return Message.objects.get(case=grant.case, event_kind=kind)


def test_a_grant_note_is_stored_as_kind_and_parameters_not_text():
    grant = grant_support_login(reason="Check the VAT codes", now=WEDNESDAY_MORNING)
    note = _note(grant, "support_login_granted")
    assert note.body == ""
    assert not note.is_internal and note.author == grant.granted_by
    assert note.event_params == {"grant": grant.pk, "kind": "support", "office": "SE",
                                 "preset": "8wh", "until": grant.expires_at.isoformat(),
                                 "reason": "Check the VAT codes"}


@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_the_same_note_reads_in_each_readers_language(language):
    grant = grant_support_login(reason="Check the VAT codes", now=WEDNESDAY_MORNING)
    note = _note(grant, "support_login_granted")
    with translation.override(language):
        text = message_text(note)
    assert THURSDAY_TEN[language] in text
    assert "Check the VAT codes" in text
    # Each language's own words, never the English sentence in a Swedish or Finnish thread.
    assert ("Support login granted" in text) == (language == "en")


def test_the_english_grant_note_in_full():
    grant = grant_support_login(reason="Check the VAT codes", now=WEDNESDAY_MORNING)
    with translation.override("en"):
        assert message_text(_note(grant, "support_login_granted")) == (
            "Support login granted (Support troubleshooting, 8 working hours) until "
            "Thursday 12 February 2026 10:00 (Swedish time).\nReason: Check the VAT codes")


def test_revoked_and_expired_notes_name_the_grants_end():
    revoked = grant_support_login(now=WEDNESDAY_MORNING)
    services.support_login_revoke(grant=revoked, by=revoked.granted_by, now=WEDNESDAY_MORNING + HOUR)
    expired = grant_support_login(now=WEDNESDAY_MORNING)
    services.support_login_grants_expire(now=expired.expires_at + 3 * HOUR)
    with translation.override("en"):
        assert message_text(_note(revoked, "support_login_revoked")) == (
            "Support login revoked (Support troubleshooting); it would have lasted until "
            "Thursday 12 February 2026 10:00 (Swedish time).")
        # The true expiry, not the (late) run of the beat job.
        assert message_text(_note(expired, "support_login_expired")) == (
            "Support login ended (Support troubleshooting): it expired at "
            "Thursday 12 February 2026 10:00 (Swedish time).")
    with translation.override("fi"):
        assert THURSDAY_TEN["fi"] in message_text(_note(expired, "support_login_expired"))


def test_a_finnish_office_note_is_in_finnish_time_for_every_reader(finnish_superuser):
    grant = grant_support_login(by=finnish_superuser, now=WEDNESDAY_MORNING)
    note = _note(grant, "support_login_granted")
    # 10:00 Helsinki + 8 open hours (10-11, 12-16, Thu 08-11) = Thu 11:00 Helsinki.
    with translation.override("sv"):
        assert "torsdag 12 februari 2026 11:00" in message_text(note)
    with translation.override("en"):
        assert "Thursday 12 February 2026 11:00 (Finnish time)" in message_text(note)


def test_a_message_without_event_kind_reads_as_its_body():
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    reply = Message.objects.create(case=grant.case, author=grant.granted_by, body="Thanks!",
                                   created_at=WEDNESDAY_MORNING)
    unknown = Message.objects.create(case=grant.case, body="Kept as written",
                                     event_kind="some_future_event", created_at=WEDNESDAY_MORNING)
    assert message_text(reply) == "Thanks!"
    assert message_text(unknown) == "Kept as written"


def test_the_template_filter_and_the_admin_conversation_use_the_readers_language(client):
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    note = _note(grant, "support_login_granted")
    template = Template("{% load portal_format %}{{ message|message_text }}")
    with translation.override("fi"):
        assert THURSDAY_TEN["fi"] in template.render(Context({"message": note}))

    specialist = make_specialist(support_team=grant.case.team, language="en")
    client.force_login(specialist)
    page = client.get(reverse("admin:cases_case_change", args=[grant.case.pk])).content.decode()
    conversation = page[page.index('id="admin-conversation"'):]
    assert "Support login granted (Support troubleshooting, 8 working hours) until" in conversation
    assert "Thursday 12 February 2026 10:00 (Swedish time)" in conversation


@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_the_customers_case_page_shows_the_note_in_the_readers_language(client, language):
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    reader = grant.granted_by
    reader.language = language
    reader.save(update_fields=["language"])
    client.force_login(reader)
    page = client.get(grant.case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    conversation = page.content.decode().split('id="conversation"', 1)[1]
    assert THURSDAY_TEN[language] in conversation


def test_the_migration_turns_old_text_notes_into_events():
    from importlib import import_module

    migration = import_module("support_logins.migrations.0002_thread_notes_as_events")
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    grant = services.support_login_revoke(grant=grant, by=grant.granted_by,
                                          now=WEDNESDAY_MORNING + HOUR)
    # As the portal wrote them before: text in the office's language, no kind.
    Message.objects.filter(case=grant.case).update(event_kind="", event_params={},
                                                   body="Supportinloggning …")
    reply = Message.objects.create(case=grant.case, author=grant.granted_by, body="Tack!",
                                   created_at=WEDNESDAY_MORNING + 2 * HOUR)

    migration.forwards(apps, None)

    granted, revoked = _note(grant, "support_login_granted"), _note(grant, "support_login_revoked")
    assert granted.created_at == grant.granted_at and revoked.created_at == grant.revoked_at
    assert revoked.event_params["until"] == grant.expires_at.isoformat()
    reply.refresh_from_db()
    assert reply.event_kind == "" and message_text(reply) == "Tack!"
    with translation.override("en"):
        assert "Thursday 12 February 2026 10:00" in message_text(granted)

    migration.backwards(apps, None)
    assert not Message.objects.filter(case=grant.case).exclude(event_kind="").exists()
