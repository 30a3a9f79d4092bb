"""Browser test of the case workflow: a SuperUser in the portal, a specialist in admin.

Two browser contexts (two people, two sessions) against pytest-django's live server, in
Debian's Chromium (tests/conftest.py). Both browsers ask for English (locale and language
cookie), and both people have English as their saved language.

1. The SuperUser registers a software bug at level 2 and sees the number and the promise.
2. The specialist replies publicly in the change form's message inline and escalates it.
3. The SuperUser sees the reply and the new state.
4. An order: the specialist gives a cost estimate; work cannot start before the customer
   accepts it (not offered in admin, refused by the service); the SuperUser accepts; the
   specialist starts the work; the SuperUser sees it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, timezone, translation
from playwright.sync_api import BrowserContext, Locator, Page, expect

from accounts.models import User
from cases import services
from cases.models import Case, CostEstimate
from cases.workflows import Category, State
from sla.services import calendar_table_get
from tests.factories import PASSWORD, make_specialist, make_superuser

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BUG_SUBJECT = "Payroll export stops with error 500"
BUG_DESCRIPTION = "Since this morning the payroll export fails.\nSteps: Payroll › Export › SIE."
REPLY = "We can reproduce the error and have escalated it to development."
ORDER_SUBJECT = "Import of 2,000 articles from the old system"
ORDER_DESCRIPTION = "Please import our article register (Excel file follows by email)."
ESTIMATE_AMOUNT = "12500.00"
ESTIMATE_TEXT = "Mapping of the Excel columns, one test import, the final import."
# "Wed 11 Feb 10:30": the date format of promises and of #sla-promise, in English.
PROMISE_TIME = r"[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2}"
TIMEOUT_MS = 10_000


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def english_context(context: BrowserContext, base: str) -> BrowserContext:
    context.add_cookies([{"name": "django_language", "value": "en",
                          "domain": urlsplit(base).hostname, "path": "/"}])
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def reporter() -> User:
    return make_superuser(first_name="Anna", last_name="Lind",
                          email="anna.lind@elektronord.example", language="en")


@pytest.fixture
def specialist() -> User:
    return make_specialist(first_name="Karin", last_name="Ström",
                           email="karin.strom@kundcenter.example", language="en",
                           support_team="crafts")


@pytest.fixture
def customer_page(page: Page, live_server) -> Page:
    english_context(page.context, live_server.url)
    return page


@pytest.fixture
def staff_page(new_context, live_server) -> Page:
    """A second browser: another person, another session."""
    return english_context(new_context(), live_server.url).new_page()


def portal_log_in(page: Page, base: str, user: User) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.locator("nav.navbar").get_by_role("link", name=user.get_full_name())).to_be_visible()


def admin_log_in(page: Page, base: str, user: User) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text("Welcome")


def register(page: Page, base: str, *, module: str, category: str, subject: str,
             description: str, level_label: re.Pattern[str] | None = None) -> Case:
    """Fill in "Register a case" as a person would and return the case it created."""
    page.goto(base + "/cases/")
    page.locator("main").get_by_role("link", name="Register a case").click()
    expect(page).to_have_url(re.compile(r"/cases/new/$"))
    page.get_by_label("Module").select_option(label=module)
    page.get_by_label(category, exact=True).check()
    if level_label is not None:
        level = page.get_by_label(level_label)
        # The promise is part of each level's label ...
        expect(page.locator(f"label[for='{level.get_attribute('id')}']")).to_contain_text(
            re.compile(r"work starts by " + PROMISE_TIME))
        level.check()
        # ... and the htmx fragment repeats it for the level chosen.
        expect(page.locator("#promise")).to_have_text(
            re.compile(r"If you choose this level, work starts by " + PROMISE_TIME + r"\."))
    page.get_by_label("Subject").fill(subject)
    page.get_by_label("Description").fill(description)
    page.get_by_role("button", name="Register case").click()
    expect(page).to_have_url(re.compile(r"/cases/\d{4}-\d{6}/$"))
    case = Case.objects.get(subject=subject)
    expect(page.locator("#case-number")).to_have_text(case.number)
    expect(page.get_by_role("alert").filter(has_text="Thank you! Your case has number")
           ).to_contain_text(case.number)
    return case


def open_change_form(page: Page, base: str, case: Case) -> None:
    page.goto(f"{base}/admin/cases/case/{case.pk}/change/")
    expect(page.locator(".form-row.field-number .readonly")).to_have_text(case.number)


def save_change_form(page: Page, case: Case) -> None:
    page.locator("input[name=_save]").click()
    messages = page.locator("ul.messagelist")
    expect(messages.locator("li.success")).to_contain_text(
        re.compile(re.escape(case.number) + r".* was changed successfully"))
    # The services report refusals as error messages; a save must not have any.
    expect(messages.locator("li.error")).to_have_count(0)


def state_cell(page: Page) -> Locator:
    """The read-only "State" row of the change form."""
    return page.locator(".form-row.field-state .readonly")


def move_to_options(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("#id_move_to option").all_inner_texts()]


def local_promise(case: Case) -> str:
    """#sla-promise shows the start deadline in the customer's office zone, in English."""
    zone = calendar_table_get(case.office).time_zone
    with translation.override("en"):
        return formats.date_format(timezone.localtime(case.start_deadline, zone), "D j M H:i")


def test_bug_and_order_from_registration_to_work(
    customer_page: Page, staff_page: Page, live_server, reporter: User, specialist: User,
    artifacts_dir,
):
    base = live_server.url
    module = reporter.trainings.get().module.name
    customer, staff = customer_page, staff_page

    # 1. The SuperUser registers a level-2 bug and sees its number and the promised start.
    portal_log_in(customer, base, reporter)
    bug = register(customer, base, module=module, category="Software bug", subject=BUG_SUBJECT,
                   description=BUG_DESCRIPTION, level_label=re.compile(r"\b2 – Serious"))
    assert (bug.category, bug.service_level, bug.state) == (Category.SOFTWARE_BUG, 2, State.NEW)
    expect(customer.locator("#case-state")).to_have_text("New")
    expect(customer.locator("#sla-promise")).to_contain_text(local_promise(bug))
    customer.screenshot(path=str(artifacts_dir / "case_flow_1_registered.png"), full_page=True)

    # 2. The specialist answers in public and escalates, in one save of the change form.
    admin_log_in(staff, base, specialist)
    open_change_form(staff, base, bug)
    expect(state_cell(staff)).to_have_text("New")
    staff.locator("#id_reply_body").fill(REPLY)
    expect(staff.get_by_label("Reply to the customer")).to_be_checked()
    staff.locator("#id_move_to").select_option(label="Escalated")
    staff.screenshot(path=str(artifacts_dir / "case_flow_2_admin_reply.png"), full_page=True)
    save_change_form(staff, bug)
    bug.refresh_from_db()
    assert bug.state == State.ESCALATED
    assert bug.work_started_at is not None
    assert list(bug.messages.values_list("body", "is_internal", "author")) == [
        (REPLY, False, specialist.pk)]

    # 3. The SuperUser reloads: the reply is in the conversation, the case is escalated.
    customer.reload()
    expect(customer.locator("#conversation")).to_contain_text(REPLY)
    expect(customer.locator("#conversation")).to_contain_text("Customer Centre")
    expect(customer.locator("#case-state")).to_have_text("Escalated")
    customer.screenshot(path=str(artifacts_dir / "case_flow_3_escalated.png"), full_page=True)

    # 4. An order: estimate, no work before acceptance, acceptance, work.
    order = register(customer, base, module=module, category="Order", subject=ORDER_SUBJECT,
                     description=ORDER_DESCRIPTION)
    assert (order.service_level, order.state) == (None, State.RECEIVED)
    expect(customer.locator("#case-state")).to_have_text("Received")
    expect(customer.locator("#sla-promise")).to_have_count(0)

    open_change_form(staff, base, order)
    staff.locator("#id_estimate_amount").fill(ESTIMATE_AMOUNT)
    staff.locator("#id_estimate_currency").select_option("SEK")
    staff.locator("#id_estimate_text").fill(ESTIMATE_TEXT)
    save_change_form(staff, order)
    order.refresh_from_db()
    assert order.state == State.COST_ESTIMATE
    given = CostEstimate.objects.current_for(order)
    assert given.amount == Decimal(ESTIMATE_AMOUNT) and not given.is_accepted

    # Before the customer's yes, "Work in progress" is not offered ...
    open_change_form(staff, base, order)
    expect(state_cell(staff)).to_have_text("Cost estimate")
    options = move_to_options(staff)
    assert "Work in progress" not in options
    assert "Closed" in options, f"the select should still offer the allowed moves: {options}"
    staff.screenshot(path=str(artifacts_dir / "case_flow_4_estimate_given.png"), full_page=True)
    # ... and the service refuses it whatever the form offers.
    with pytest.raises(ValidationError) as refused:
        services.case_transition(case=order, by=specialist, target=State.WORK, now=timezone.now())
    assert refused.value.messages == [str(services.ESTIMATE_NOT_ACCEPTED)]
    order.refresh_from_db()
    assert order.state == State.COST_ESTIMATE

    # The SuperUser sees the estimate and accepts it.
    customer.reload()
    estimate = customer.locator("#estimate")
    expect(estimate).to_contain_text("SEK\u00a012,500.00")
    expect(estimate).to_contain_text(ESTIMATE_TEXT)
    estimate.get_by_role("link", name="Accept the estimate").click()
    # The second step shows what is ordered and asks for an explicit confirmation.
    expect(customer.locator("#estimate-amount")).to_have_text("SEK\u00a012,500.00")
    expect(customer.locator("#estimate-confirm")).to_contain_text("VAT")
    customer.get_by_role("button", name="Order the work").click()
    expect(customer.locator("#id_confirm")).to_have_class(re.compile("is-invalid"))
    assert not CostEstimate.objects.get(case=order).is_accepted
    customer.get_by_label("I order the work described above at this price.").check()
    customer.get_by_role("button", name="Order the work").click()
    expect(customer.locator("#estimate-accepted")).to_contain_text(
        f"by {reporter.get_full_name()}")
    expect(customer.get_by_role("link", name="Accept the estimate")).to_have_count(0)
    customer.screenshot(path=str(artifacts_dir / "case_flow_5_estimate_accepted.png"),
                        full_page=True)
    assert CostEstimate.objects.get(case=order).accepted_by == reporter

    # Now the specialist may start the work, and does.
    open_change_form(staff, base, order)
    assert "Work in progress" in move_to_options(staff)
    staff.locator("#id_move_to").select_option(label="Work in progress")
    save_change_form(staff, order)
    open_change_form(staff, base, order)
    expect(state_cell(staff)).to_have_text("Work in progress")
    order.refresh_from_db()
    assert order.state == State.WORK

    customer.reload()
    expect(customer.locator("#case-state")).to_have_text("Work in progress")
    customer.screenshot(path=str(artifacts_dir / "case_flow_6_work_started.png"), full_page=True)
