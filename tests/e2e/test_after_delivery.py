"""Browser tests of a case after delivery, as the SuperUser who reported it sees it.

1. Within the reopening window (CASE_REOPEN_WINDOW_DAYS) a reply reopens the case, to the
   state its workflow names (a software bug: "Assessed"), and the history says so.
2. After the window there is no reply form; "Register a follow-up case" opens the
   registration form prefilled, and the two cases link to each other.
3. "Did this solve it?": the answer and score are shown, and changing them keeps one rating.

The live server runs in real time (timezone.now()), so deliveries are dated relative to now.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from cases.models import Case, CaseEvent, CaseRating
from cases.workflows import Category, State
from tests.e2e.test_case_flow import english_context, portal_log_in
from tests.factories import make_superuser, register_delivered_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REPLY = "The error is back since this morning's update: the export stops again."
FOLLOW_UP_DESCRIPTION = "The export fails again, three weeks after the fix."


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}


@pytest.fixture
def reporter() -> User:
    return make_superuser(first_name="Anna", last_name="Lind", language="en")


@pytest.fixture
def customer(page: Page, live_server, reporter: User) -> Page:
    english_context(page.context, live_server.url)
    portal_log_in(page, live_server.url, reporter)
    return page


def delivered_bug(reporter: User, *, days_ago: float, subject: str) -> Case:
    case = register_delivered_case(category=Category.SOFTWARE_BUG, reporter=reporter,
                                   subject=subject,
                                   delivered_at=timezone.now() - dt.timedelta(days=days_ago))
    assert case.state == State.DELIVERED
    return case


def test_reply_within_the_window_reopens_the_case(customer: Page, live_server, reporter: User):
    case = delivered_bug(reporter, days_ago=2, subject="Payroll export fails")
    customer.goto(live_server.url + case.get_absolute_url())

    expect(customer.locator("#case-state")).to_have_text("Fix delivered")
    expect(customer.locator("#reopen-window")).to_contain_text(
        "Reply in the conversation until")
    expect(customer.locator("#reopen-window-passed")).to_have_count(0)
    expect(customer.locator("#follow-up-offer")).to_have_count(0)
    form = customer.locator("#reply-form")
    expect(form.locator("#reopen-note")).to_have_text(
        "Sending a reply reopens the case: it goes back to “Assessed”.")

    form.locator("textarea[name=body]").fill(REPLY)
    form.get_by_role("button", name="Send reply and reopen").click()

    expect(customer).to_have_url(re.compile(re.escape(case.get_absolute_url()) + "$"))
    expect(customer.get_by_role("alert").filter(has_text="Your reply was sent.")).to_be_visible()
    expect(customer.locator("#case-state")).to_have_text("Assessed")
    expect(customer.locator("#conversation")).to_contain_text(REPLY)
    expect(customer.locator("#timeline")).to_contain_text(
        "Reopened: Fix delivered → Assessed (by a reply)")
    # Open again: nothing of "after delivery" applies, and a reply no longer reopens.
    expect(customer.locator("#after-delivery")).to_have_count(0)
    expect(customer.locator("#reopen-note")).to_have_count(0)
    expect(customer.locator("#reply-form").get_by_role("button", name="Send reply")).to_be_visible()

    case.refresh_from_db()
    assert case.state == State.ASSESSED
    assert case.resolved_at is None
    reopened = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.REOPENED)
    assert (reopened.from_state, reopened.to_state, reopened.actor) == (
        State.DELIVERED, State.ASSESSED, reporter)
    assert reopened.details["reason"] == "customer_reply"
    assert list(case.messages.values_list("body", "author")) == [(REPLY, reporter.pk)]


def test_after_the_window_a_follow_up_case_is_linked(customer: Page, live_server,
                                                     reporter: User):
    days = settings.CASE_REOPEN_WINDOW_DAYS + 6
    original = delivered_bug(reporter, days_ago=days, subject="Payroll export fails")
    customer.goto(live_server.url + original.get_absolute_url())

    expect(customer.locator("#reopen-window-passed")).to_contain_text(
        "register a follow-up case")
    expect(customer.locator("#reopen-window")).to_have_count(0)
    expect(customer.locator("#reply-form")).to_have_count(0)
    # Nor may the rating change any more.
    expect(customer.locator("#rating-form")).to_have_count(0)

    customer.locator("#follow-up-offer").click()
    expect(customer).to_have_url(re.compile(re.escape(original.get_absolute_url()) + "follow-up/$"))
    expect(customer.locator("#follow-up-of")).to_contain_text(original.number)
    expect(customer.get_by_label("Subject")).to_have_value("Follow-up: Payroll export fails")
    expect(customer.get_by_label("Software bug", exact=True)).to_be_checked()
    customer.get_by_label("Description").fill(FOLLOW_UP_DESCRIPTION)
    customer.get_by_role("button", name="Register case").click()

    expect(customer).to_have_url(re.compile(r"/cases/\d{4}-\d{6}/$"))
    follow_up = Case.objects.get(follow_up_of=original)
    expect(customer).to_have_url(re.compile(re.escape(follow_up.get_absolute_url()) + "$"))
    assert follow_up.number != original.number
    assert (follow_up.subject, follow_up.description, follow_up.category, follow_up.module) == (
        "Follow-up: Payroll export fails", FOLLOW_UP_DESCRIPTION, Category.SOFTWARE_BUG,
        original.module)
    expect(customer.locator("#case-number")).to_have_text(follow_up.number)
    expect(customer.locator("#case-state")).to_have_text("New")
    link_back = customer.locator("#follow-up-of").get_by_role("link", name=original.number)
    expect(link_back).to_have_attribute("href", original.get_absolute_url())

    link_back.click()
    expect(customer).to_have_url(re.compile(re.escape(original.get_absolute_url()) + "$"))
    follow_ups = customer.locator("#follow-ups")
    expect(follow_ups.get_by_role("link", name=follow_up.number)).to_have_attribute(
        "href", follow_up.get_absolute_url())
    expect(customer.locator("#timeline")).to_contain_text(
        f"Follow-up case registered: {follow_up.number}")
    # The original stays delivered: a follow-up does not reopen it.
    expect(customer.locator("#case-state")).to_have_text("Fix delivered")
    original.refresh_from_db()
    assert original.state == State.DELIVERED


def test_rating_after_delivery_can_be_changed_once_stored(customer: Page, live_server,
                                                          reporter: User):
    case = delivered_bug(reporter, days_ago=1, subject="Invoices do not print")
    customer.goto(live_server.url + case.get_absolute_url())

    expect(customer.locator("#rating-given")).to_have_count(0)
    form = customer.locator("#rating-form")
    form.get_by_label("Yes, it is solved").check()
    form.get_by_label("4 – Good").check()
    form.get_by_label("Comment (optional)").fill("Quick and clear, thank you.")
    form.get_by_role("button", name="Send my answer").click()

    expect(customer.get_by_role("alert").filter(has_text="Thank you for your answer.")
           ).to_be_visible()
    given = customer.locator("#rating-given")
    expect(given).to_contain_text("Your answer: solved.")
    expect(given).to_contain_text("Rating 4 of 5")
    expect(given).to_contain_text("Quick and clear, thank you.")
    expect(customer.locator("#timeline")).to_contain_text("Customer rated the result: 4/5")
    rating = CaseRating.objects.get(case=case)
    assert (rating.solved, rating.score, rating.rated_by) == (True, 4, reporter)

    # The form now shows the answer given, and offers to change it.
    form = customer.locator("#rating-form")
    expect(form.get_by_label("Yes, it is solved")).to_be_checked()
    expect(form.get_by_label("4 – Good")).to_be_checked()
    expect(form.get_by_label("Comment (optional)")).to_have_value("Quick and clear, thank you.")
    form.get_by_label("No, not yet").check()
    form.get_by_label("2 – Poor").check()
    form.get_by_label("Comment (optional)").fill("It came back after a restart.")
    form.get_by_role("button", name="Change my answer").click()

    given = customer.locator("#rating-given")
    expect(given).to_contain_text("Your answer: not solved yet.")
    expect(given).to_contain_text("Rating 2 of 5")
    expect(given).to_contain_text("It came back after a restart.")
    expect(given).not_to_contain_text("Quick and clear")
    assert CaseRating.objects.filter(case=case).count() == 1
    rating = CaseRating.objects.get(case=case)
    assert (rating.solved, rating.score, rating.comment) == (
        False, 2, "It came back after a restart.")
    # A rating is an answer, not a reply: the case stays delivered.
    case.refresh_from_db()
    assert case.state == State.DELIVERED
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.RATED).count() == 2
