"""Case hygiene: merging duplicates, links between related cases, watching, mentions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from accounts.roles import MANAGERS
from cases import admin_hygiene
from cases.hygiene import (
    case_link,
    case_merge,
    case_unlink,
    case_unwatch,
    case_watch,
    mentions_in,
    mentions_notify,
)
from cases.models import Attachment, Case, CaseEvent, CaseLink, CaseWatch, Message, OutboxEmail
from cases.notifications import render_outbox_email
from cases.services import case_message_add
from cases.workflows import Category, State
from tests.factories import StaffFactory, make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def specialist():
    return make_specialist(support_team="crafts", email="anna.lind@kundcenter.example",
                           first_name="Anna", last_name="Lind")


@pytest.fixture
def reporter():
    return make_superuser(language="fi")


def _pair(reporter, **kwargs):
    into = register_case(reporter=reporter, subject="Invoices do not print", now=T0,
                         attachments=[SimpleUploadedFile("first.txt", b"one")], **kwargs)
    duplicate = register_case(reporter=reporter, subject="Printing invoices fails",
                              now=T0 + dt.timedelta(hours=1),
                              attachments=[SimpleUploadedFile("dup.txt", b"two")], **kwargs)
    return duplicate, into


def _outbox(template: str) -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(template=template).order_by("pk"))


# --- merging ---------------------------------------------------------------------------

def test_merge_moves_messages_and_attachments_keeping_their_times(reporter, specialist):
    duplicate, into = _pair(reporter)
    reply_at = T0 + dt.timedelta(hours=2)
    reply = case_message_add(case=duplicate, by=reporter, body="Still failing", now=reply_at,
                             attachments=[SimpleUploadedFile("log.txt", b"log")])
    note = case_message_add(case=duplicate, by=specialist, body="Same as the other",
                            is_internal=True, now=reply_at)
    case_merge(duplicate=duplicate, into=into, by=specialist, now=T0 + dt.timedelta(hours=3))

    assert set(Message.objects.filter(case=into).values_list("pk", flat=True)) >= {reply.pk, note.pk}
    assert not Message.objects.filter(case=duplicate).exists()
    assert Message.objects.get(pk=reply.pk).created_at == reply_at
    # The duplicate's description opens its part of the conversation, at its registration.
    opening = Message.objects.get(case=into, body="It fails.", author=reporter)
    assert opening.created_at == duplicate.registered_at and not opening.is_internal
    names = set(Attachment.objects.filter(case=into).values_list("original_name", flat=True))
    assert names == {"first.txt", "dup.txt", "log.txt"}
    assert Attachment.objects.get(original_name="dup.txt").message == opening
    assert Attachment.objects.get(original_name="log.txt").message_id == reply.pk
    assert not Attachment.objects.filter(case=duplicate).exists()


def test_merge_closes_the_duplicate_and_writes_history_on_both(reporter, specialist):
    duplicate, into = _pair(reporter)
    now = T0 + dt.timedelta(hours=3)
    case_merge(duplicate=duplicate, into=into, by=specialist, now=now)
    duplicate.refresh_from_db()
    into.refresh_from_db()
    assert duplicate.merged_into == into and duplicate.state == State.CLOSED
    assert duplicate.closed_at == now
    # Not "resolved": a merged case opens no reopening window and asks for no rating.
    assert duplicate.resolved_at is None
    assert into.state == State.NEW and into.merged_into is None
    closing = CaseEvent.objects.get(case=duplicate, kind=CaseEvent.Kind.STATE_CHANGED)
    assert (closing.from_state, closing.to_state) == (State.NEW, State.CLOSED)
    assert closing.details == {"note": "merged", "number": into.number}
    assert CaseEvent.objects.get(case=duplicate, kind=CaseEvent.Kind.MERGED_INTO).details == \
        {"number": into.number}
    merged_from = CaseEvent.objects.get(case=into, kind=CaseEvent.Kind.MERGED_FROM)
    assert merged_from.details["number"] == duplicate.number and merged_from.actor == specialist
    # The duplicate keeps its own history.
    assert CaseEvent.objects.filter(case=duplicate, kind=CaseEvent.Kind.REGISTERED).exists()


def test_merge_closes_from_a_state_without_a_closing_move(specialist):
    reporter = make_superuser()
    order = register_case(reporter=reporter, category=Category.ORDER, now=T0)
    other = register_case(reporter=reporter, category=Category.ORDER, now=T0)
    Case.objects.filter(pk=order.pk).update(state=State.WORK)
    case_merge(duplicate=order, into=other, by=specialist, now=T0)
    order.refresh_from_db()
    assert order.state == State.CLOSED and order.merged_into == other


def test_the_customer_is_told_by_email_in_their_language(reporter, specialist):
    duplicate, into = _pair(reporter)
    case_merge(duplicate=duplicate, into=into, by=specialist, now=T0)
    [email] = _outbox("case_merged")
    assert email.recipient == reporter.email and email.language == "fi"
    assert email.case_id == duplicate.pk
    subject, body = render_outbox_email(email)
    assert duplicate.number in subject and into.number in subject
    assert reverse("cases:case_detail", kwargs={"number": into.number}) in body
    # No second email about the state change on top of it.
    assert not OutboxEmail.objects.filter(template="state_changed", case=duplicate).exists()


def test_merge_refuses_cases_of_different_customers(specialist):
    duplicate = register_case(reporter=make_superuser(), now=T0)
    into = register_case(reporter=make_superuser(), now=T0)
    with pytest.raises(ValidationError) as refusal:
        case_merge(duplicate=duplicate, into=into, by=specialist, now=T0)
    assert refusal.value.code == "other_customer"
    assert Case.objects.get(pk=duplicate.pk).merged_into is None


def test_merge_refuses_already_merged_cases_and_itself(reporter, specialist):
    duplicate, into = _pair(reporter)
    third = register_case(reporter=reporter, now=T0)
    case_merge(duplicate=duplicate, into=into, by=specialist, now=T0)
    for dup, target in ((duplicate, third), (third, duplicate)):
        with pytest.raises(ValidationError) as refusal:
            case_merge(duplicate=dup, into=target, by=specialist, now=T0)
        assert refusal.value.code == "already_merged"
    with pytest.raises(ValidationError) as refusal:
        case_merge(duplicate=third, into=third, by=specialist, now=T0)
    assert refusal.value.code == "same_case"


def test_merge_refuses_another_teams_specialist_and_customers(reporter):
    duplicate, into = _pair(reporter)
    with pytest.raises(PermissionDenied):
        case_merge(duplicate=duplicate, into=into, by=make_specialist(support_team="trade"),
                   now=T0)
    with pytest.raises(PermissionDenied):
        case_merge(duplicate=duplicate, into=into, by=reporter, now=T0)
    assert not Case.objects.filter(merged_into__isnull=False).exists()
    manager = StaffFactory(support_team="")
    manager.groups.add(Group.objects.get_or_create(name=MANAGERS)[0])
    case_merge(duplicate=duplicate, into=into, by=manager, now=T0)
    assert Case.objects.get(pk=duplicate.pk).merged_into_id == into.pk


def test_merge_carries_over_links_and_watchers(reporter, specialist):
    duplicate, into = _pair(reporter)
    related = register_case(reporter=reporter, now=T0)
    case_link(case=duplicate, other=related, by=specialist, now=T0)
    watcher = make_specialist(support_team="trade")
    case_watch(case=duplicate, user=watcher, now=T0)
    case_merge(duplicate=duplicate, into=into, by=specialist, now=T0)
    assert CaseLink.objects.filter(case=min(into, related, key=lambda c: c.pk),
                                   other=max(into, related, key=lambda c: c.pk)).exists()
    assert CaseWatch.objects.filter(case=into, user=watcher).exists()


@pytest.fixture
def hygiene_actions(monkeypatch):
    """CaseAdmin with the hygiene actions, as it is meant to be wired."""
    from cases.admin import CaseAdmin

    monkeypatch.setattr(CaseAdmin, "actions", [*CaseAdmin.actions, admin_hygiene.merge_cases,
                                               admin_hygiene.watch_cases,
                                               admin_hygiene.unwatch_cases])


def test_admin_merge_action_keeps_the_chosen_case(client, reporter, specialist, hygiene_actions):
    duplicate, into = _pair(reporter)
    client.force_login(specialist)
    url = reverse("admin:cases_case_changelist") + "?team=all"
    selected = {"action": "merge_cases", "_selected_action": [duplicate.pk, into.pk]}
    confirm = client.post(url, selected)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert 'name="keep"' in page and duplicate.number in page and into.number in page
    refused = client.post(url, {**selected, "apply": "1", "keep": "999999"})
    assert "Choose the case to keep." in client.get(refused["Location"]).content.decode()
    response = client.post(url, {**selected, "apply": "1", "keep": into.pk})
    assert response.status_code == 302
    assert f"Merged 1 case into {into.number}." in client.get(response["Location"]).content.decode()
    assert Case.objects.get(pk=duplicate.pk).merged_into_id == into.pk


def test_admin_merge_action_needs_two_cases(client, reporter, specialist, hygiene_actions):
    case = register_case(reporter=reporter, now=T0)
    client.force_login(specialist)
    response = client.post(reverse("admin:cases_case_changelist") + "?team=all",
                           {"action": "merge_cases", "_selected_action": [case.pk]})
    assert "Select at least two cases" in client.get(response["Location"]).content.decode()


def test_admin_watch_actions(client, reporter, hygiene_actions):
    case = register_case(reporter=reporter, now=T0)
    watcher = make_specialist(support_team="trade")
    client.force_login(watcher)
    url = reverse("admin:cases_case_changelist") + "?team=all"
    client.post(url, {"action": "watch_cases", "_selected_action": [case.pk]})
    assert CaseWatch.objects.filter(case=case, user=watcher).exists()
    client.post(url, {"action": "unwatch_cases", "_selected_action": [case.pk]})
    assert not CaseWatch.objects.filter(case=case, user=watcher).exists()


def test_a_customers_reply_on_a_merged_duplicate_is_refused(reporter, specialist):
    duplicate, into = _pair(reporter)
    case_merge(duplicate=duplicate, into=into, by=specialist, now=T0)
    with pytest.raises(ValidationError):
        case_message_add(case=duplicate, by=reporter, body="Hello?", now=T0 + dt.timedelta(hours=1))
    assert Case.objects.get(pk=duplicate.pk).state == State.CLOSED


# --- links -----------------------------------------------------------------------------

def test_link_and_unlink_related_cases(reporter, specialist):
    first, second = _pair(reporter)
    link = case_link(case=second, other=first, by=specialist, now=T0)
    assert (link.case_id, link.other_id) == (min(first.pk, second.pk), max(first.pk, second.pk))
    for case, other in ((first, second), (second, first)):
        assert CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.LINKED).details == \
            {"number": other.number}
    with pytest.raises(ValidationError) as refusal:
        case_link(case=first, other=second, by=specialist, now=T0)
    assert refusal.value.code == "exists"
    case_unlink(case=first, other=second, by=specialist, now=T0)
    assert not CaseLink.objects.exists()
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.UNLINKED).count() == 2
    with pytest.raises(ValidationError):
        case_unlink(case=first, other=second, by=specialist, now=T0)


def test_links_only_between_cases_of_one_customer(specialist):
    mine = register_case(reporter=make_superuser(), now=T0)
    theirs = register_case(reporter=make_superuser(), now=T0)
    with pytest.raises(ValidationError) as refusal:
        case_link(case=mine, other=theirs, by=specialist, now=T0)
    assert refusal.value.code == "other_customer"
    with pytest.raises(ValidationError):
        case_link(case=mine, other=mine, by=specialist, now=T0)
    with pytest.raises(PermissionDenied):
        case_link(case=mine, other=register_case(reporter=mine.reporter, now=T0),
                  by=make_specialist(support_team="trade"), now=T0)
    assert not CaseLink.objects.exists()


def test_admin_link_page_links_and_unlinks_by_number(reporter, specialist):
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from cases.admin import CaseAdmin

    first, second = _pair(reporter)
    model_admin = CaseAdmin(Case, site)

    def post(data: dict) -> tuple:
        request = RequestFactory().post("/", data)
        request.user, request._messages = specialist, _Messages()
        return admin_hygiene.case_link_view(model_admin, request, first.pk), request._messages

    response, _notes = post({"number": second.number, "op": "link"})
    assert response.status_code == 302 and CaseLink.objects.count() == 1
    html = admin_hygiene.linked_cases_html(first)
    assert second.number in html and reverse("admin:cases_case_change", args=[second.pk]) in html
    _response, notes = post({"number": "2026-999999", "op": "link"})
    assert "There is no case with number" in str(notes.stored[0])
    _response, notes = post({"number": second.number, "op": "link"})
    assert "already linked" in str(notes.stored[0])
    post({"number": second.number, "op": "unlink"})
    assert not CaseLink.objects.exists()
    request = RequestFactory().get("/")
    request.user = specialist
    page = admin_hygiene.case_link_view(model_admin, request, first.pk)
    assert page.status_code == 200 and 'name="number"' in page.content.decode()
    [url] = admin_hygiene.hygiene_urls(model_admin)
    assert url.name == "cases_case_links"


class _Messages:
    def __init__(self) -> None:
        self.stored: list = []

    def add(self, level, message, extra_tags="") -> None:
        self.stored.append(message)


# --- watching --------------------------------------------------------------------------

def test_a_specialist_of_another_team_watches_and_hears_of_new_messages(reporter, specialist):
    case = register_case(reporter=reporter, now=T0)
    watcher = make_specialist(support_team="trade", language="sv")
    case_watch(case=case, user=watcher, now=T0)
    case_watch(case=case, user=watcher, now=T0)  # twice is no error
    assert CaseWatch.objects.filter(case=case).count() == 1
    case_message_add(case=case, by=reporter, body="Any news?", now=T0)
    [email] = _outbox("case_watched_message")
    assert email.recipient == watcher.email and email.language == "sv"
    assert reverse("admin:cases_case_change", args=[case.pk]) in render_outbox_email(email)[1]
    # Watching writes nothing the customer could see in the history.
    assert not CaseEvent.objects.filter(case=case).exclude(
        kind__in=[CaseEvent.Kind.REGISTERED, CaseEvent.Kind.PUBLIC_REPLY]).exists()
    assert case_unwatch(case=case, user=watcher, now=T0) is True
    case_message_add(case=case, by=reporter, body="Hello?", now=T0)
    assert len(_outbox("case_watched_message")) == 1


def test_the_author_is_not_told_of_their_own_message(reporter, specialist):
    case = register_case(reporter=reporter, now=T0)
    case_watch(case=case, user=specialist, now=T0)
    note = case_message_add(case=case, by=specialist, body="Checked the logs", is_internal=True,
                            now=T0)
    assert mentions_notify(message=note, now=T0) == []


def test_only_staff_watch(reporter):
    with pytest.raises(PermissionDenied):
        case_watch(case=register_case(reporter=reporter, now=T0), user=reporter, now=T0)


# --- mentions --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("@anna.lind could you look?", ["anna.lind"]),
    ("Ask @Anna.Lind, she knows.", ["anna.lind"]),
    ("Thanks @erik.holm.", ["erik.holm"]),
    ("@manager@kundcenter.example please", ["manager@kundcenter.example"]),
    ("@anna.lind@kundcenter.example.", ["anna.lind@kundcenter.example"]),
    ("@anna.lind and @anna.lind again, cc @erik.holm", ["anna.lind", "erik.holm"]),
    ("@åsa.öberg", ["åsa.öberg"]),
    ("mail anna.lind@kundcenter.example", []),
    ("@anna alone is too vague", []),
    ("no mentions", []),
    ("", []),
])
def test_mentions_in(text, expected):
    assert mentions_in(text) == expected


def test_a_mentioned_colleague_is_notified_with_a_link_to_admin(reporter, specialist):
    case = register_case(reporter=reporter, now=T0)
    colleague = make_specialist(support_team="trade", email="erik.holm@kundcenter.example",
                                first_name="Erik", last_name="Holm")
    by_address = make_specialist(email="manager@kundcenter.example")
    note = case_message_add(case=case, by=specialist, is_internal=True, now=T0,
                            body="@erik.holm and @manager@kundcenter.example: seen this? "
                                 "@nobody.here")
    assert {u.pk for u in mentions_notify(message=note, now=T0)} == {colleague.pk, by_address.pk}
    emails = _outbox("case_mentioned")
    assert {e.recipient for e in emails} == {colleague.email, by_address.email}
    subject, body = render_outbox_email(emails[0])
    assert case.number in subject and "Anna Lind" in body
    assert reverse("admin:cases_case_change", args=[case.pk]) in body
    # The note's text stays in the system.
    assert "seen this" not in body


def test_a_mention_in_a_public_reply_notifies_nobody(reporter, specialist):
    case = register_case(reporter=reporter, now=T0)
    make_specialist(email="erik.holm@kundcenter.example")
    for author in (specialist, reporter):
        reply = case_message_add(case=case, by=author, body="@erik.holm see", now=T0)
        assert mentions_notify(message=reply, now=T0) == []
    assert not _outbox("case_mentioned")


def test_a_customer_is_never_notified_as_a_mention(reporter, specialist):
    case = register_case(reporter=reporter, now=T0)
    local = reporter.email.split("@")[0]
    note = case_message_add(case=case, by=specialist, is_internal=True, now=T0,
                            body=f"@{reporter.email} @{local}.x")
    assert mentions_notify(message=note, now=T0) == []


# --- the portal page -------------------------------------------------------------------

def _panel(case, user) -> str:
    template = Template("{% load case_hygiene %}{% case_hygiene_panel case user %}")
    return template.render(Context({"case": case, "user": user}))


def test_the_duplicates_page_says_merged_into_with_a_link(client, reporter, specialist):
    duplicate, into = _pair(reporter)
    case_message_add(case=duplicate, by=reporter, body="The duplicate's own words", now=T0)
    case_merge(duplicate=duplicate, into=into, by=specialist, now=T0)
    duplicate.refresh_from_db()
    html = _panel(duplicate, reporter)
    assert 'id="merged-into"' in html and into.number in html
    assert into.get_absolute_url() in html
    assert duplicate.number in _panel(into, reporter)
    client.force_login(reporter)
    page = client.get(into.get_absolute_url()).content.decode()
    assert "The duplicate&#x27;s own words" in page
    assert client.get(duplicate.get_absolute_url()).status_code == 200


def test_the_panel_shows_linked_cases(reporter, specialist):
    first, second = _pair(reporter)
    case_link(case=first, other=second, by=specialist, now=T0)
    html = _panel(first, reporter)
    assert second.number in html and second.get_absolute_url() in html
    assert _panel(register_case(reporter=reporter, now=T0), reporter).strip() == ""


def test_now_is_used_for_watches(reporter, specialist):
    now = timezone.now()
    watch = case_watch(case=register_case(reporter=reporter, now=T0), user=specialist, now=now)
    assert watch.created_at == now


def test_the_panel_shows_links_from_either_end_and_merges_once_each(reporter, specialist):
    first, second = _pair(reporter)
    third = register_case(reporter=reporter, now=T0)
    case_link(case=first, other=second, by=specialist, now=T0)
    case_merge(duplicate=third, into=second, by=specialist, now=T0)
    second.refresh_from_db()
    html = _panel(second, reporter)
    assert first.number in html, "linked from the other end"
    assert html.count(third.get_absolute_url()) == 1, "a merged duplicate shows once"
