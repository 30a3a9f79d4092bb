"""Browser tests of the footer's "We want to know what you think".

1. A signed-in SuperUser sends feedback from the FAQ; htmx puts the thanks in the form's
   place, without leaving the page. A product specialist reads it in admin, with the page
   and language it came from, and answers it; the answer is emailed to the SuperUser's
   account address and cannot be given twice.
2. A visitor who is not signed in is asked for an email address, which is stored with it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from cases.models import OutboxEmail
from cases.notifications import render_outbox_email
from feedback.models import Feedback, Topic
from tests.e2e.test_case_flow import admin_log_in, english_context, portal_log_in
from tests.factories import make_specialist, make_superuser

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = "The FAQ search does not find articles when I type the error code."
ANSWER = "Thank you! Error codes are searchable from the next version."
VISITOR_TEXT = "It would help to see the opening hours on the start page."
VISITOR_EMAIL = "visitor@elektronord.example"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}


@pytest.fixture
def reporter() -> User:
    return make_superuser(first_name="Anna", last_name="Lind",
                          email="anna.lind@elektronord.example", language="en")


@pytest.fixture
def specialist() -> User:
    return make_specialist(first_name="Karin", last_name="Ström",
                           email="karin.strom@kundcenter.example", language="en")


def open_footer_form(page: Page):
    section = page.locator("#feedback")
    form = section.locator("form")
    expect(form).to_be_hidden()  # folded away until asked for
    section.get_by_text("We want to know what you think").click()
    expect(form).to_be_visible()
    return section


def test_signed_in_feedback_is_answered_by_email(page: Page, new_context, live_server,
                                                reporter: User, specialist: User):
    base = live_server.url
    customer = page
    english_context(customer.context, base)
    portal_log_in(customer, base, reporter)
    customer.goto(base + "/faq/")

    section = open_footer_form(customer)
    # Signed in, the answer goes to the account's address: no email is asked for.
    expect(section.locator("#feedback-email")).to_have_count(0)
    section.get_by_label("What is it about?").select_option(label="Something does not work")
    section.get_by_label("Your feedback").fill(TEXT)
    section.get_by_role("button", name="Send feedback").click()

    expect(customer.locator("#feedback")).to_contain_text("Thank you for your feedback!")
    expect(customer.locator("#feedback form")).to_have_count(0)
    expect(customer).to_have_url(re.compile(r"/faq/$"))  # htmx: the page stays
    feedback = Feedback.objects.get()
    assert (feedback.text, feedback.topic, feedback.page, feedback.language) == (
        TEXT, Topic.PROBLEM, "/faq/", "en")
    assert (feedback.user, feedback.email, feedback.answered_at) == (reporter, "", None)

    # A product specialist finds it in admin and answers.
    staff = english_context(new_context(), base).new_page()
    admin_log_in(staff, base, specialist)
    staff.goto(base + "/admin/feedback/feedback/")
    row = staff.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(TEXT[:40])
    expect(row).to_contain_text(reporter.email)
    row.locator("th a").click()
    expect(staff).to_have_url(re.compile(rf"/admin/feedback/feedback/{feedback.pk}/change/$"))
    expect(staff.locator(".form-row.field-text .readonly")).to_have_text(TEXT)
    expect(staff.locator(".form-row.field-page .readonly")).to_have_text("/faq/")
    expect(staff.locator(".form-row.field-language .readonly")).to_have_text("en")
    expect(staff.locator(".form-row.field-topic .readonly")).to_have_text("Something does not work")
    staff.locator("#id_answer").fill(ANSWER)
    staff.locator("input[name=_save]").click()
    messages = staff.locator("ul.messagelist")
    expect(messages.locator("li.success")).to_contain_text("was changed successfully")
    expect(messages.locator("li.error")).to_have_count(0)
    expect(messages.locator("li.warning")).to_have_count(0)

    feedback.refresh_from_db()
    assert feedback.answer == ANSWER
    assert feedback.answered_at is not None
    assert (feedback.answered_by, feedback.answer_sent_to) == (specialist, reporter.email)
    # The answer is queued in the outbox for the sender, in their language; whether a worker
    # (CI: a real broker) or the eager default sends it, it reads like this.
    outbox = OutboxEmail.objects.get(template="feedback/email/answer")
    assert (outbox.recipient, outbox.language) == (reporter.email, "en")
    subject, body = render_outbox_email(outbox)
    assert subject == "Answer to your feedback on the Customer Centre"
    assert ANSWER in body and TEXT in body

    # Answered once: the change form shows the answer and offers no field for another.
    staff.goto(f"{base}/admin/feedback/feedback/{feedback.pk}/change/")
    expect(staff.locator("#id_answer")).to_have_count(0)
    expect(staff.locator(".form-row.field-answer .readonly")).to_have_text(ANSWER)


def test_visitor_not_signed_in_leaves_an_email_address(page: Page, live_server):
    base = live_server.url
    english_context(page.context, base)
    page.goto(base + "/faq/")

    section = open_footer_form(page)
    section.get_by_label("What is it about?").select_option(label="An idea or a wish")
    section.get_by_label("Your feedback").fill(VISITOR_TEXT)
    section.get_by_label("Your email (optional)").fill(VISITOR_EMAIL)
    section.get_by_role("button", name="Send feedback").click()

    expect(page.locator("#feedback")).to_contain_text("Thank you for your feedback!")
    expect(page.locator("#feedback form")).to_have_count(0)
    feedback = Feedback.objects.get()
    assert (feedback.text, feedback.topic, feedback.page, feedback.language) == (
        VISITOR_TEXT, Topic.SUGGESTION, "/faq/", "en")
    assert (feedback.user, feedback.email, feedback.reply_address) == (
        None, VISITOR_EMAIL, VISITOR_EMAIL)
