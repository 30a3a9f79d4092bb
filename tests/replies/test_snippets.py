"""What the case page offers to insert into a reply: saved replies of the case's team (and
shared ones) in the reporter's language, and published FAQ articles of its module."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.roles import PRODUCT_SPECIALISTS
from knowledgebase.models import Visibility
from replies.models import SavedReply
from replies.selectors import SnippetKind, reply_snippets_for
from replies.services import saved_reply_save
from tests.factories import ArticleFactory, ModuleFactory, StaffFactory, make_specialist
from tests.factories.replies import SavedReplyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.replies.urls")]


def titles(snippets, kind):
    return {snippet.title for snippet in snippets if snippet.kind == kind}


def test_saved_replies_of_the_cases_team_and_shared_ones_in_the_reporters_language(
        specialist, finnish_case):
    SavedReplyFactory(title="Own team", language="fi", team="crafts")
    SavedReplyFactory(title="Shared", language="fi", team="")
    SavedReplyFactory(title="Other team", language="fi", team="trade")
    SavedReplyFactory(title="Swedish", language="sv", team="crafts")
    SavedReplyFactory(title="Retired", language="fi", team="crafts", is_active=False)

    snippets = reply_snippets_for(case=finnish_case, user=specialist, language=None)

    assert titles(snippets, SnippetKind.SAVED_REPLY) == {"Own team", "Shared"}


def test_without_replies_in_the_language_those_of_every_language_are_offered(
        specialist, finnish_case):
    SavedReplyFactory(title="Swedish", language="sv", team="crafts")
    SavedReplyFactory(title="English, shared", language="en", team="")
    SavedReplyFactory(title="Other team", language="sv", team="trade")

    snippets = reply_snippets_for(case=finnish_case, user=specialist, language=None)

    assert titles(snippets, SnippetKind.SAVED_REPLY) == {"Swedish", "English, shared"}


def test_another_language_can_be_asked_for(specialist, finnish_case):
    SavedReplyFactory(title="Finnish", language="fi")
    SavedReplyFactory(title="Swedish", language="sv")

    snippets = reply_snippets_for(case=finnish_case, user=specialist, language="sv")

    assert titles(snippets, SnippetKind.SAVED_REPLY) == {"Swedish"}


def test_published_articles_of_the_module_or_general_in_the_language(specialist, finnish_case):
    ArticleFactory(question="Module", language="fi", module=finnish_case.module,
                   visibility=Visibility.MODULE)
    ArticleFactory(question="General", language="fi")
    ArticleFactory(question="Other module", language="fi", module=ModuleFactory())
    ArticleFactory(question="Swedish", language="sv", module=finnish_case.module)
    ArticleFactory(question="Draft", language="fi", is_published=False)

    snippets = reply_snippets_for(case=finnish_case, user=specialist, language=None)

    assert titles(snippets, SnippetKind.ARTICLE) == {"Module", "General"}


def test_an_article_is_inserted_as_question_plain_excerpt_and_portal_link(
        specialist, finnish_case):
    article = ArticleFactory(question="Miten tulostan laskun?", language="fi",
                             answer="Valitse **Tulosta** [täältä](https://example.com). " * 30)

    [snippet] = reply_snippets_for(case=finnish_case, user=specialist, language=None)

    question, excerpt, url = snippet.text.split("\n\n")
    assert question == "Miten tulostan laskun?"
    assert excerpt.startswith("Valitse Tulosta täältä.")
    assert "**" not in excerpt and "https://example.com" not in excerpt
    assert len(excerpt) <= 300 and excerpt.endswith("…")
    assert url == f"{settings.PORTAL_URL}{reverse('knowledgebase:article', args=[article.pk])}"


def test_saved_replies_only_for_those_who_may_read_them(finnish_case):
    SavedReplyFactory(language="fi")
    ArticleFactory(question="General", language="fi")
    # Staff who may read the FAQ but not the saved replies (no role but that permission).
    plain = StaffFactory(support_team="crafts")
    plain.user_permissions.add(Permission.objects.get(codename="view_article",
                                                      content_type__app_label="knowledgebase"))

    snippets = reply_snippets_for(case=finnish_case, user=plain, language=None)

    assert [snippet.kind for snippet in snippets] == [SnippetKind.ARTICLE]


def test_the_snippets_view_answers_json(staff_client, finnish_case):
    reply = SavedReplyFactory(title="Tervehdys", body="Hei!", language="fi")
    url = reverse("admin:cases_case_snippets", args=[finnish_case.pk])

    response = staff_client.get(url)

    assert response.status_code == 200
    assert response.json()["snippets"] == [
        {"kind": "reply", "id": reply.pk, "title": "Tervehdys", "text": "Hei!", "language": "fi"}]
    SavedReplyFactory(title="Hej", language="sv")
    assert [snippet["title"] for snippet in staff_client.get(url, {"language": "sv"})
            .json()["snippets"]] == ["Hej"]
    assert staff_client.get(url, {"language": "de"}).status_code == 400
    assert staff_client.post(url).status_code == 405


def test_the_snippets_view_is_for_staff_who_may_act_on_the_case(client, finnish_case):
    url = reverse("admin:cases_case_snippets", args=[finnish_case.pk])
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(make_specialist(support_team="trade"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:cases_case_snippets", args=[finnish_case.pk + 1000])
                      ).status_code == 404


def test_a_specialist_adds_a_saved_reply_in_admin(staff_client, specialist):
    response = staff_client.post(reverse("admin:replies_savedreply_add"), {
        "title": "Tack", "body": "Tack för ditt ärende.", "language": "sv", "team": "crafts",
        "is_active": "on"})

    assert response.status_code == 302
    reply = SavedReply.objects.get()
    assert (reply.created_by, reply.team) == (specialist, "crafts")
    assert reply.updated_at is not None


def test_another_teams_reply_is_read_only_for_a_specialist(staff_client, specialist):
    theirs = SavedReplyFactory(team="trade")
    url = reverse("admin:replies_savedreply_change", args=[theirs.pk])

    staff_client.post(url, {"title": "Changed", "body": "x", "language": "sv", "team": "trade"})

    theirs.refresh_from_db()
    assert theirs.title != "Changed"
    with pytest.raises(PermissionDenied):
        saved_reply_save(reply=theirs, by=specialist, now=timezone.now())


def test_shared_replies_may_be_changed_by_either_team(specialist):
    shared = SavedReplyFactory(team="")
    shared.title = "Bättre rubrik"
    saved_reply_save(reply=shared, by=specialist, now=timezone.now())
    assert SavedReply.objects.get(pk=shared.pk).title == "Bättre rubrik"
    assert Group.objects.get(name=PRODUCT_SPECIALISTS).permissions.filter(
        codename="change_savedreply").exists()
