"""Feedback on the customer centre: the footer form (with and without htmx), throttling,
and staff answering in admin, which emails the sender through the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cases.models import OutboxEmail
from cases.notifications import render_outbox_email
from feedback.models import Feedback, Topic
from feedback.rules import FEEDBACK_PER_WINDOW, sender_key
from feedback.services import (
    FEEDBACK_ALREADY_ANSWERED,
    FEEDBACK_THROTTLED,
    feedback_answer,
    feedback_submit,
)
from tests.factories import FeedbackFactory, UserFactory, make_specialist, make_superuser

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 2, 11, 9, 0, tzinfo=dt.UTC)
TEXT = "It would help to see the estimate's VAT on the case list."
URL = "/feedback/"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def frozen(monkeypatch):
    def freeze(moment: dt.datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    freeze(NOW)
    return freeze


def submit(**overrides) -> Feedback:
    values = {"text": TEXT, "page": "/cases/", "language": "sv", "now": NOW,
              "sender_key": sender_key(user_id=None, ip_address="10.1.2.3", secret="s")}
    return feedback_submit(**{**values, **overrides})


class TestSubmit:
    def test_stores_page_language_topic_and_text(self):
        feedback = submit(topic=Topic.PROBLEM, email=" visitor@example.com ")
        feedback.refresh_from_db()
        assert (feedback.page, feedback.language, feedback.topic, feedback.text) == (
            "/cases/", "sv", Topic.PROBLEM, TEXT)
        assert feedback.email == "visitor@example.com"
        assert feedback.user is None and not feedback.is_answered

    def test_a_signed_in_person_is_answered_at_their_account(self):
        person = UserFactory(email="anna@example.com")
        feedback = submit(user=person, email="other@example.com")
        assert feedback.user == person and feedback.email == ""
        assert feedback.reply_address == "anna@example.com"

    @pytest.mark.parametrize("text", ["  ", "ok", "x" * 2001])
    def test_refuses_text_too_short_or_too_long(self, text):
        with pytest.raises(ValidationError):
            submit(text=text)
        assert not Feedback.objects.exists()

    def test_a_few_an_hour_per_sender_then_refused_until_the_hour_has_passed(self):
        for minute in range(FEEDBACK_PER_WINDOW):
            submit(now=NOW + dt.timedelta(minutes=minute))
        with pytest.raises(ValidationError) as refused:
            submit(now=NOW + dt.timedelta(minutes=30))
        assert refused.value.messages == [str(FEEDBACK_THROTTLED)]
        # Someone else is not held back by it ...
        submit(sender_key=sender_key(user_id=None, ip_address="10.9.9.9", secret="s"),
               now=NOW + dt.timedelta(minutes=30))
        # ... and the same sender may write again once the first ones are an hour old.
        submit(now=NOW + dt.timedelta(hours=1, minutes=1))


def test_colleagues_behind_one_address_are_counted_each_on_their_own():
    anonymous = sender_key(user_id=None, ip_address="10.1.2.3", secret="s")
    assert sender_key(user_id=None, ip_address="10.1.2.3", secret="s") == anonymous
    assert sender_key(user_id=7, ip_address="10.1.2.3", secret="s") != anonymous
    assert sender_key(user_id=7, ip_address="10.1.2.3", secret="s") != sender_key(
        user_id=8, ip_address="10.1.2.3", secret="s")
    assert "10.1.2.3" not in anonymous  # the address itself is not stored


class TestFooterForm:
    def test_every_page_has_the_form_posting_with_and_without_htmx(self, client):
        page = client.get(reverse("contact")).content.decode()
        assert 'id="feedback"' in page
        assert f'action="{URL}"' in page and f'hx-post="{URL}"' in page
        assert 'name="page" value="/contact/"' in page
        assert "We want to know what you think" in page
        assert 'name="email"' in page  # anonymous: an address for an answer

    def test_signed_in_no_email_is_asked(self, client):
        client.force_login(make_superuser())
        page = client.get(reverse("contact")).content.decode()
        assert 'id="feedback"' in page and 'name="email"' not in page


class TestPost:
    def test_without_javascript_back_to_the_page_with_a_thank_you(self, client, frozen):
        response = client.post(URL, {"topic": "praise", "text": TEXT,
                                     "page": "/faq/search/?q=moms", "email": ""},
                               HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert response.redirect_chain == [("/faq/search/?q=moms", 302)]
        assert "Thank you for your feedback!" in response.content.decode()
        feedback = Feedback.objects.get()
        assert (feedback.page, feedback.topic, feedback.created_at) == ("/faq/search/", "praise", NOW)
        assert feedback.language == "en"

    def test_with_htmx_the_footer_becomes_a_thank_you(self, client, frozen):
        person = make_superuser()
        client.force_login(person)
        response = client.post(URL, {"topic": "suggestion", "text": TEXT, "page": "/cases/"},
                               HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert response.status_code == 200
        assert body.lstrip().startswith('<section id="feedback"')
        assert "Thank you for your feedback!" in body and "<form" not in body
        assert Feedback.objects.get().user == person

    def test_a_bad_post_without_javascript_shows_the_form_again_with_the_text(self, client):
        response = client.post(URL, {"topic": "problem", "text": "x" * 2001, "page": "/cases/"})
        assert response.status_code == 200
        assert "feedback/feedback_form.html" in [t.name for t in response.templates]
        body = response.content.decode()
        assert "Ensure this value has at most 2000 characters" in body
        assert body.count('id="feedback-text"') == 1  # the page's form, not the footer's too
        assert not Feedback.objects.exists()

    def test_a_bad_post_with_htmx_shows_the_errors_in_the_footer(self, client):
        response = client.post(URL, {"topic": "problem", "text": "", "email": "not-an-address",
                                     "page": "/"}, HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert response.status_code == 200
        assert body.lstrip().startswith('<section id="feedback"') and "<details open>" in body
        assert "This field is required." in body and "Enter a valid email address." in body

    def test_a_page_elsewhere_is_never_where_the_sender_is_sent(self, client):
        response = client.post(URL, {"topic": "other", "text": TEXT,
                                     "page": "https://evil.example/"})
        assert response.status_code == 302 and response["Location"] == "/"
        assert Feedback.objects.get().page == "/"

    def test_a_flood_from_one_address_is_refused_with_a_message(self, client, frozen):
        data = {"topic": "other", "text": TEXT, "page": "/"}
        for _ in range(FEEDBACK_PER_WINDOW):
            assert client.post(URL, data, REMOTE_ADDR="10.5.5.5").status_code == 302
        response = client.post(URL, data, REMOTE_ADDR="10.5.5.5", HTTP_HX_REQUEST="true")
        assert str(FEEDBACK_THROTTLED) in response.content.decode().replace("&#x27;", "'")
        assert Feedback.objects.count() == FEEDBACK_PER_WINDOW
        assert client.post(URL, data, REMOTE_ADDR="10.6.6.6").status_code == 302


class TestAnswer:
    def test_queues_the_answer_in_the_senders_language(self, django_capture_on_commit_callbacks):
        specialist = make_specialist(first_name="Karin", last_name="Ström")
        feedback = FeedbackFactory(language="sv", email="visitor@example.com")
        with django_capture_on_commit_callbacks(execute=True):
            feedback_answer(feedback=feedback, answer="  Thanks, on our list.  ",
                            answered_by=specialist, now=NOW)
        feedback.refresh_from_db()
        assert (feedback.answer, feedback.answered_by, feedback.answered_at) == (
            "Thanks, on our list.", specialist, NOW)
        email = OutboxEmail.objects.get()
        assert (email.recipient, email.language) == ("visitor@example.com", "sv")
        subject, body = render_outbox_email(email)
        assert "Thanks, on our list." in body and feedback.text in body and "Karin Ström" in body
        assert [message.to for message in mail.outbox] == [["visitor@example.com"]]

    def test_one_answer_only(self):
        specialist = make_specialist()
        feedback = FeedbackFactory()
        feedback_answer(feedback=feedback, answer="First.", answered_by=specialist, now=NOW)
        with pytest.raises(ValidationError) as refused:
            feedback_answer(feedback=feedback, answer="Second.", answered_by=specialist, now=NOW)
        assert refused.value.messages == [str(FEEDBACK_ALREADY_ANSWERED)]
        assert OutboxEmail.objects.count() == 1

    def test_anonymous_without_address_is_stored_but_not_mailed(self):
        feedback = FeedbackFactory(email="")
        feedback_answer(feedback=feedback, answer="Noted.", answered_by=make_specialist(), now=NOW)
        feedback.refresh_from_db()
        assert feedback.is_answered and feedback.answer_sent_to == ""
        assert not OutboxEmail.objects.exists()


class TestAdmin:
    def test_a_specialist_reads_and_answers_it_in_admin(self, client,
                                                        django_capture_on_commit_callbacks):
        specialist = make_specialist()
        feedback = FeedbackFactory(text="The search finds nothing for 'moms'.",
                                   email="visitor@example.com", language="fi")
        client.force_login(specialist)
        listing = client.get(reverse("admin:feedback_feedback_changelist"))
        assert listing.status_code == 200
        assert "The search finds nothing" in listing.content.decode()
        url = reverse("admin:feedback_feedback_change", args=[feedback.pk])
        assert client.get(url).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"answer": "We fixed the Swedish stemming."})
        assert response.status_code == 302
        feedback.refresh_from_db()
        assert feedback.answered_by == specialist and feedback.answer_sent_to == "visitor@example.com"
        email = OutboxEmail.objects.get()
        assert (email.recipient, email.language, email.template) == (
            "visitor@example.com", "fi", "feedback/email/answer")
        # Answered: the answer can no longer be changed, so no second mail can go out.
        page = client.get(url).content.decode()
        assert 'name="answer"' not in page and "We fixed the Swedish stemming." in page

    def test_feedback_cannot_be_added_in_admin(self, client):
        client.force_login(make_specialist())
        assert client.get(reverse("admin:feedback_feedback_add")).status_code == 403
