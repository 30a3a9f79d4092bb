"""What happens next: each workflow state's customer-facing name and sentence, the progress
line on the case page, the state filter grouped by category, closing only after a
confirmation step, the case list as cards on phones."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from cases import services
from cases.workflows import (
    WORKFLOWS,
    Category,
    Guard,
    State,
    StepStatus,
    what_happens_now,
    workflow_progress,
)
from tests.factories import (
    WEDNESDAY_MORNING,
    StaffFactory,
    register_case,
    register_delivered_case,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "cases"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_every_state_of_every_workflow_has_a_name_and_a_sentence():
    for workflow in WORKFLOWS.values():
        assert set(workflow.steps) == set(workflow.states), workflow.category
        names = [str(workflow.steps[state].name) for state in workflow.states]
        assert len(set(names)) == len(names), f"two steps read alike in {workflow.category}"
        for state in workflow.states:
            sentence = str(workflow.steps[state].now)
            assert sentence.endswith(".") and len(sentence.split()) >= 6, (state, sentence)


def test_after_accepting_the_estimate_the_sentence_says_what_happens_until_work_starts():
    waiting = str(what_happens_now(Category.ORDER, State.COST_ESTIMATE))
    accepted = str(what_happens_now(Category.ORDER, State.COST_ESTIMATE,
                                    holding=[Guard.ESTIMATE_ACCEPTED]))
    assert "no billable work starts before you accept" in waiting
    assert accepted.startswith("You have accepted the estimate") and "Work in progress" in accepted


def _statuses(category, *, current, visited):
    return [(step.state, step.status)
            for step in workflow_progress(category, current=current, visited=visited)]


def test_progress_marks_done_current_upcoming_and_skipped_steps():
    assert _statuses(Category.ORDER, current=State.WORK,
                     visited={State.RECEIVED, State.COST_ESTIMATE, State.WORK}) == [
        (State.RECEIVED, StepStatus.DONE), (State.COST_ESTIMATE, StepStatus.DONE),
        (State.WORK, StepStatus.CURRENT), (State.DELIVERED, StepStatus.UPCOMING),
        (State.CLOSED, StepStatus.UPCOMING)]
    # Closed at the estimate: work and delivery never happened, so they are not "done".
    assert _statuses(Category.ORDER, current=State.CLOSED,
                     visited={State.RECEIVED, State.COST_ESTIMATE, State.CLOSED}) == [
        (State.RECEIVED, StepStatus.DONE), (State.COST_ESTIMATE, StepStatus.DONE),
        (State.WORK, StepStatus.SKIPPED), (State.DELIVERED, StepStatus.SKIPPED),
        (State.CLOSED, StepStatus.CURRENT)]
    # Reopened after delivery: the delivery is to come again.
    assert (State.DELIVERED, StepStatus.UPCOMING) in _statuses(
        Category.SOFTWARE_BUG, current=State.ASSESSED,
        visited=set(WORKFLOWS[Category.SOFTWARE_BUG].states))


@pytest.mark.django_db
def test_the_case_page_shows_the_progress_line_and_what_happens_now(client):
    case = register_case(category=Category.SOFTWARE_BUG, now=WEDNESDAY_MORNING)
    services.case_transition(case=case, by=StaffFactory(), target=State.ESCALATED,
                             now=WEDNESDAY_MORNING)
    client.force_login(case.reporter)
    page = client.get(case.get_absolute_url()).content.decode()
    steps = re.findall(r'<li class="case-progress-step is-(\w+)" data-state="(\w+)"([^>]*)>',
                       page)
    assert [(status, state) for status, state, _rest in steps] == [
        ("done", "new"), ("current", "escalated"), ("upcoming", "assessed"),
        ("upcoming", "planned"), ("upcoming", "delivered"), ("upcoming", "closed")]
    # Only the current step carries aria-current, and each status is also said in words.
    assert [rest.strip() for _s, _st, rest in steps].count('aria-current="step"') == 1
    assert "(done)" in page and "(current step)" in page and "(to come)" in page
    assert "handed to our developers" in page


@pytest.mark.django_db
def test_after_accepting_an_estimate_the_page_says_what_happens_until_work_starts(client):
    order = register_case(category=Category.ORDER, now=WEDNESDAY_MORNING)
    estimate = services.case_estimate_give(case=order, by=StaffFactory(), amount=Decimal("900"),
                                           currency="SEK", text="Setup", now=WEDNESDAY_MORNING)
    client.force_login(order.reporter)
    assert "no billable work starts" in client.get(order.get_absolute_url()).content.decode()
    services.case_estimate_accept(case=order, by=order.reporter, version=estimate.version,
                                  now=WEDNESDAY_MORNING)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "You have accepted the estimate." in page and "no billable work starts" not in page


@pytest.mark.django_db
def test_the_state_filter_is_grouped_by_category_and_filters_within_it(client):
    delivered_wish = register_delivered_case(category=Category.WISH,
                                             delivered_at=WEDNESDAY_MORNING)
    delivered_bug = register_delivered_case(category=Category.SOFTWARE_BUG,
                                            delivered_at=WEDNESDAY_MORNING,
                                            reporter=delivered_wish.reporter)
    client.force_login(delivered_wish.reporter)
    page = client.get(reverse("cases:case_list")).content.decode()
    select = re.search(r'<select name="state".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == ["Support question", "Order", "Wish", "Software bug"]
    assert 'value="bug:delivered">Fix delivered<' in select

    listed = client.get(reverse("cases:case_list"), {"state": "wish:delivered"}).content.decode()
    assert delivered_wish.number in listed and delivered_bug.number not in listed
    # The choice stays selected after filtering.
    assert 'value="wish:delivered" selected' in listed


@pytest.mark.django_db
def test_closing_asks_to_confirm_on_its_own_page_away_from_the_reply_button(client):
    case = register_case(category=Category.SUPPORT_QUESTION)
    client.force_login(case.reporter)
    page = client.get(case.get_absolute_url()).content.decode()
    reply_form = re.search(r'<form[^>]*id="reply-form".*?</form>', page, re.S).group(0)
    after_reply = page[page.index(reply_form) + len(reply_form):]
    # No closing button under the reply form; the link leads to a confirmation page.
    assert "case_transition" not in after_reply and "/move/" not in after_reply
    confirm_url = reverse("cases:case_close_confirm", args=[case.number])
    assert page.index(f'href="{confirm_url}"') < page.index(reply_form)
    confirm = client.get(confirm_url).content.decode()
    assert "Close the case?" in confirm and "within 14 days and it reopens" in confirm
    case.refresh_from_db()
    assert case.state == State.FIRST_LINE  # looking at the question closes nothing
    client.post(reverse("cases:case_transition", args=[case.number]), {"target": "closed"})
    case.refresh_from_db()
    assert case.state == State.CLOSED


@pytest.mark.django_db
def test_no_close_offer_where_the_customer_may_not_close(client):
    bug = register_case(category=Category.SOFTWARE_BUG)
    client.force_login(bug.reporter)
    confirm_url = reverse("cases:case_close_confirm", args=[bug.number])
    assert confirm_url not in client.get(bug.get_absolute_url()).content.decode()
    assert client.get(confirm_url)["Location"] == bug.get_absolute_url()


@pytest.mark.django_db
def test_the_case_list_has_a_table_for_desktops_and_cards_for_phones(client):
    case = register_case(category=Category.SOFTWARE_BUG,
                         now=WEDNESDAY_MORNING - dt.timedelta(days=1))
    client.force_login(case.reporter)
    page = client.get(reverse("cases:case_list")).content.decode()
    assert re.search(r'<div class="d-none d-md-block">\s*<table[^>]*id="case-table"', page)
    cards = re.search(r'<div class="d-md-none" id="case-cards">.*?</ul>', page, re.S).group(0)
    assert case.number in cards and case.subject in cards


def test_no_emoji_paperclip_left_in_the_case_templates():
    for template in TEMPLATES.rglob("*.html"):
        assert "\N{PAPERCLIP}" not in template.read_text(), template
