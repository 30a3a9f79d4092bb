"""'Turn this answer into a FAQ article': a draft from a delivered or closed case, for staff
to edit and publish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from cases import services
from cases.workflows import Category
from knowledgebase.drafts import article_draft_from_case
from knowledgebase.models import Article, Visibility
from knowledgebase.search import article_search
from knowledgebase.services import article_update
from tests.factories import (
    WEDNESDAY_MORNING,
    StaffFactory,
    deliver_case,
    make_specialist,
    make_superuser,
    register_case,
)

pytestmark = pytest.mark.django_db

LATER = WEDNESDAY_MORNING + dt.timedelta(hours=2)
DELIVERED = WEDNESDAY_MORNING + dt.timedelta(hours=4)


@pytest.fixture
def specialist():
    return make_specialist(support_team="crafts")


@pytest.fixture
def open_case():
    return register_case(reporter=make_superuser(language="fi"), category=Category.SUPPORT_QUESTION,
                         subject="Lasku ei tulostu", description="Tulostus  jumittuu\naina.",
                         now=WEDNESDAY_MORNING)


def reply(case, by, body, *, at=LATER, internal=False):
    return services.case_message_add(case=case, by=by, body=body, is_internal=internal, now=at)


@pytest.fixture
def answered_case(open_case, specialist):
    reply(open_case, specialist, "Ensimmäinen vastaus.", at=WEDNESDAY_MORNING + dt.timedelta(hours=1))
    reply(open_case, specialist, "Valitse **Tulosta** uudelleen.")
    reply(open_case, specialist, "Sisäinen muistiinpano.", internal=True,
          at=LATER + dt.timedelta(minutes=5))
    reply(open_case, open_case.reporter, "Kiitos, toimii!", at=LATER + dt.timedelta(minutes=10))
    return deliver_case(open_case, now=DELIVERED, by=specialist)


def test_a_draft_from_the_last_public_staff_reply(answered_case, specialist):
    article = article_draft_from_case(case=answered_case, by=specialist, now=DELIVERED)

    assert article.pk is not None and not article.is_published
    assert article.question == "Lasku ei tulostu – Tulostus jumittuu aina."
    assert article.answer == "Valitse **Tulosta** uudelleen."
    assert (article.language, article.module) == ("fi", answered_case.module)
    assert article.visibility == Visibility.MODULE
    entry = AuditEntry.objects.get(action="article.draft_from_case")
    assert entry.details["case"] == answered_case.number


def test_the_draft_is_in_the_search_index_once_published(answered_case, specialist):
    article = article_draft_from_case(case=answered_case, by=specialist, now=DELIVERED)
    article_update(article=article, data={"is_published": True, "visibility": Visibility.PUBLIC})

    found = article_search(user=AnonymousUser(), text="tulostu", language="fi")

    assert [result.pk for result in found.results] == [article.pk]


def test_a_long_question_is_cut_to_the_field(specialist):
    case = register_case(category=Category.SUPPORT_QUESTION, subject="S" * 200,
                         description="word " * 200, now=WEDNESDAY_MORNING)
    reply(case, specialist, "Svar.")
    case = deliver_case(case, now=DELIVERED, by=specialist)

    article = article_draft_from_case(case=case, by=specialist, now=DELIVERED)

    assert len(article.question) <= 300 and article.question.endswith("…")


def test_a_chosen_staff_reply(answered_case, specialist):
    first = answered_case.messages.get(body="Ensimmäinen vastaus.")

    article = article_draft_from_case(case=answered_case, by=specialist, message=first,
                                      now=DELIVERED)

    assert article.answer == "Ensimmäinen vastaus."


@pytest.mark.parametrize("body", ["Sisäinen muistiinpano.", "Kiitos, toimii!"])
def test_an_internal_note_or_the_customers_message_is_refused(answered_case, specialist, body):
    with pytest.raises(ValidationError) as refused:
        article_draft_from_case(case=answered_case, by=specialist,
                                message=answered_case.messages.get(body=body), now=DELIVERED)
    assert refused.value.code == "not_a_staff_reply"
    assert not Article.objects.exists()


def test_an_open_case_is_refused(open_case, specialist):
    reply(open_case, specialist, "Vastaus.")
    with pytest.raises(ValidationError) as refused:
        article_draft_from_case(case=open_case, by=specialist, now=LATER)
    assert refused.value.code == "not_resolved"


def test_a_case_without_a_public_staff_reply_is_refused(open_case, specialist):
    reply(open_case, specialist, "Vain sisäinen.", internal=True)
    case = deliver_case(open_case, now=DELIVERED, by=specialist)
    with pytest.raises(ValidationError) as refused:
        article_draft_from_case(case=case, by=specialist, now=DELIVERED)
    assert refused.value.code == "no_staff_reply"


def test_only_staff_who_may_add_articles(answered_case):
    with pytest.raises(PermissionDenied):
        article_draft_from_case(case=answered_case, by=StaffFactory(), now=DELIVERED)
    with pytest.raises(PermissionDenied):
        article_draft_from_case(case=answered_case, by=answered_case.reporter, now=DELIVERED)


@pytest.mark.urls("tests.replies.urls")
class TestView:
    @pytest.fixture
    def staff_client(self, client, specialist):
        client.force_login(specialist)
        return client

    def test_makes_the_draft_and_opens_it(self, staff_client, answered_case):
        url = reverse("admin:cases_case_faq_draft", args=[answered_case.pk])

        response = staff_client.post(url)

        article = Article.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("admin:knowledgebase_article_change", args=[article.pk])
        assert not article.is_published
        [message] = get_messages(response.wsgi_request)
        assert answered_case.number in str(message)
        assert staff_client.get(response.url).status_code == 200

    def test_a_chosen_message(self, staff_client, answered_case):
        first = answered_case.messages.get(body="Ensimmäinen vastaus.")
        staff_client.post(reverse("admin:cases_case_faq_draft", args=[answered_case.pk]),
                          {"faq_message": str(first.pk)})
        assert Article.objects.get().answer == "Ensimmäinen vastaus."

    def test_an_open_case_goes_back_with_the_reason(self, staff_client, open_case):
        response = staff_client.post(reverse("admin:cases_case_faq_draft", args=[open_case.pk]))

        assert response.status_code == 302
        assert response.url == reverse("admin:cases_case_change", args=[open_case.pk])
        [message] = get_messages(response.wsgi_request)
        assert message.level_tag == "error"
        assert not Article.objects.exists()

    def test_bad_input(self, staff_client, answered_case):
        url = reverse("admin:cases_case_faq_draft", args=[answered_case.pk])
        assert staff_client.get(url).status_code == 405
        assert staff_client.post(url, {"faq_message": "x"}).status_code == 400
        assert staff_client.post(url, {"faq_message": "999999"}).status_code == 404
        assert not Article.objects.exists()
