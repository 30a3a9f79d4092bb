"""Browser tests of the specialists' desk (Django admin as a place to work all day).

1. The admin index opens on the specialist's queues, with counts; a queue lists its cases,
   the soonest deadline first.
2. A reply and a move to another state in one save of the case page.
3. A saved reply, in the customer's language, inserted into the reply and sent.
4. A transfer to the other team: refused for a specialist of the other team, allowed for a
   manager.
5. "Turn this answer into a FAQ article" from a delivered case makes a draft to edit.
6. The case list fits a 1280 px screen.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from accounts.models import User
from accounts.roles import MANAGERS
from cases.models import CaseEvent
from cases.services import case_assign, case_message_add
from cases.workflows import Category, State
from knowledgebase.models import Article
from tests.e2e.test_case_flow import admin_log_in, english_context, open_change_form, save_change_form
from tests.factories import (
    LicenceFactory,
    SavedReplyFactory,
    make_specialist,
    make_superuser,
    register_case,
    register_delivered_case,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def specialist() -> User:
    return make_specialist(first_name="Karin", last_name="Ström", language="en",
                           support_team="crafts")


@pytest.fixture
def desk(page: Page, live_server, specialist: User) -> Page:
    english_context(page.context, live_server.url)
    admin_log_in(page, live_server.url, specialist)
    return page


def crafts_customer(**user_fields) -> User:
    return make_superuser(licence=LicenceFactory(customer__industry="construction"), **user_fields)


def queue_count(page: Page, queue: str) -> Locator:
    return page.locator(f"#desk-queues [data-queue={queue}] .desk-queue-count")


def test_the_index_opens_on_the_queues_with_counts(desk: Page, live_server, specialist: User):
    now = timezone.now()
    reporter = crafts_customer(language="en")
    mine = register_case(reporter=reporter, subject="Assigned to Karin", now=now)
    case_assign(case=mine, assignee=specialist, by=specialist, now=now)
    register_case(reporter=reporter, subject="Nobody has it", now=now)
    late = register_case(reporter=reporter, subject="Promise passed", service_level=1,
                         now=now - dt.timedelta(days=10))
    answered = register_case(reporter=reporter, subject="We asked back", now=now)
    case_message_add(case=answered, by=specialist, body="Which version?", now=now)
    # Another team's case is in none of Karin's team queues.
    register_case(reporter=make_superuser(licence=LicenceFactory(customer__industry="retail")),
                  subject="Trade team's", now=now)

    desk.goto(live_server.url + "/admin/")
    expect(queue_count(desk, "mine")).to_have_text("1")
    expect(queue_count(desk, "unassigned")).to_have_text("3")  # all but Karin's own
    expect(queue_count(desk, "at_risk")).to_have_text("1")
    expect(queue_count(desk, "waiting")).to_have_text("1")
    # Cases come first in the menu, and the header counts what is at risk.
    expect(desk.locator("#content-main .app-cases")).to_be_visible()
    first_app = desk.locator("#content-main [class^=app-]").first
    expect(first_app).to_have_class(re.compile(r"\bapp-cases\b"))
    expect(desk.locator("#desk-at-risk")).to_have_text("1 at risk")
    expect(desk.locator("#desk-clock [data-office=SE]")).to_contain_text(re.compile("Open|Closed"))

    desk.locator("#desk-queues [data-queue=at_risk] a").click()
    rows = desk.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(late.number)
    desk.goto(live_server.url + "/admin/")
    desk.locator("#desk-queues [data-queue=waiting] a").click()
    expect(desk.locator("#result_list tbody tr")).to_have_count(1)
    expect(desk.locator("#result_list")).to_contain_text(answered.number)


def test_reply_and_move_in_one_save(desk: Page, live_server, specialist: User):
    case = register_case(reporter=crafts_customer(language="en"))
    open_change_form(desk, live_server.url, case)
    # The reply box comes before the workflow fields.
    reply_box = desk.locator("#id_reply_body").bounding_box()
    assignee = desk.locator("#id_assignee").bounding_box()
    assert reply_box["y"] < assignee["y"]
    desk.locator("#id_reply_body").fill("We can reproduce it and hand it to development.")
    desk.locator("#id_move_to").select_option(label="Escalated")
    save_change_form(desk, case)
    case.refresh_from_db()
    assert case.state == State.ESCALATED
    assert list(case.messages.values_list("body", "is_internal")) == [
        ("We can reproduce it and hand it to development.", False)]
    kinds = list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("kind", flat=True))
    assert kinds.index("public_reply") < kinds.index("state_changed")


def test_a_saved_reply_in_the_customers_language_is_inserted(desk: Page, live_server):
    case = register_case(reporter=crafts_customer(language="fi"))
    SavedReplyFactory(title="Kiitos", body="Kiitos viestistäsi, selvitämme asiaa.",
                      language="fi", team="crafts")
    SavedReplyFactory(title="Tack", body="Tack, vi tittar på det.", language="sv", team="crafts")
    open_change_form(desk, live_server.url, case)
    snippet = desk.locator("#reply-tools-snippet")
    expect(snippet).to_be_enabled()
    expect(snippet.locator("option", has_text="Kiitos")).to_have_count(1)
    expect(snippet.locator("option", has_text="Tack")).to_have_count(0)  # the customer's language
    desk.locator("#id_reply_body").fill("Hei,\n\n")
    snippet.select_option(snippet.locator("option", has_text="Kiitos").get_attribute("value"))
    desk.locator("#reply-tools-insert").click()
    expect(desk.locator("#id_reply_body")).to_have_value(
        re.compile(r"^Hei,\n\nKiitos viestistäsi, selvitämme asiaa\."))
    save_change_form(desk, case)
    assert "Kiitos viestistäsi" in case.messages.get().body


def test_transfer_is_for_the_cases_team_and_managers(page: Page, live_server):
    case = register_case(reporter=crafts_customer(language="en"), subject="Wrongly routed")
    base = live_server.url
    english_context(page.context, base)

    def transfer(user: User) -> None:
        page.context.clear_cookies(name="sessionid")
        admin_log_in(page, base, user)
        page.goto(base + "/admin/cases/case/?team=all")
        page.locator(f"#result_list tr:has-text('{case.number}') input.action-select").check()
        page.locator("select[name=action]").select_option("transfer_team")
        page.locator("button[name=index]").click()
        page.locator("#team").select_option("trade")
        page.locator("#reason").fill("Retail customer")
        page.locator("input[name=apply]").click()

    transfer(make_specialist(language="en", support_team="trade"))
    expect(page.locator("ul.messagelist li.warning")).to_contain_text(case.number)
    case.refresh_from_db()
    assert case.team == "crafts"

    manager = make_specialist(language="en", support_team="")
    manager.groups.add(Group.objects.get(name=MANAGERS))
    transfer(manager)
    expect(page.locator("ul.messagelist")).to_contain_text("Transferred 1 case.")
    case.refresh_from_db()
    assert case.team == "trade"
    assert CaseEvent.objects.filter(case=case, kind="transferred").exists()


def test_a_delivered_cases_answer_becomes_a_faq_draft(desk: Page, live_server, specialist: User):
    reporter = crafts_customer(language="sv")
    case = register_delivered_case(category=Category.SOFTWARE_BUG, reporter=reporter,
                                   subject="Fakturan skrivs inte ut",
                                   delivered_at=timezone.now() - dt.timedelta(days=1))
    case_message_add(case=case, by=specialist, body="Välj skrivaren igen under Inställningar.",
                     now=timezone.now())
    open_change_form(desk, live_server.url, case)
    desk.get_by_role("button", name="Turn this answer into a FAQ article").click()
    expect(desk).to_have_url(re.compile(r"/admin/knowledgebase/article/\d+/change/$"))
    expect(desk.locator("ul.messagelist li.success")).to_contain_text(case.number)
    article = Article.objects.get()
    assert not article.is_published
    assert article.language == "sv"
    assert "Fakturan skrivs inte ut" in article.question
    assert "Välj skrivaren igen" in article.answer


def test_the_case_list_fits_1280_px(desk: Page, live_server):
    reporter = crafts_customer(language="en")
    for index in range(5):
        register_case(reporter=reporter, subject="A very long subject that a customer wrote "
                      f"about the invoice printing problem they have had since Monday {index}")
    desk.set_viewport_size({"width": 1280, "height": 900})
    desk.goto(live_server.url + "/admin/cases/case/?team=all")
    expect(desk.locator("#result_list tbody tr")).to_have_count(5)
    assert desk.evaluate("document.documentElement.scrollWidth") <= 1280
    # Nothing of the table hides behind the filters or scrolls inside its box.
    fits = desk.evaluate("""() => {
        const table = document.querySelector('#result_list').getBoundingClientRect();
        const filter = document.querySelector('#changelist-filter').getBoundingClientRect();
        const box = document.querySelector('#result_list').closest('.results');
        return {right: table.right, filter: filter.left,
                inner: box.scrollWidth - box.clientWidth};
    }""")
    assert fits["right"] <= fits["filter"] and fits["inner"] <= 0, fits


def test_merged_duplicates_read_as_one_case_for_the_customer(desk: Page, live_server,
                                                             specialist: User, new_context):
    from tests.e2e.test_case_flow import portal_log_in

    reporter = crafts_customer(language="en")
    now = timezone.now()
    first = register_case(reporter=reporter, subject="Invoices do not print",
                          description="Since Monday no invoice prints.", now=now)
    case_message_add(case=first, by=specialist, body="Which printer do you use?", now=now)
    duplicate = register_case(reporter=reporter, subject="Printing broken again",
                              description="The invoice printout is empty.", now=now)

    desk.goto(live_server.url + "/admin/cases/case/?team=all")
    for case in (first, duplicate):
        desk.locator(f"#result_list tr:has-text('{case.number}') input.action-select").check()
    desk.locator("select[name=action]").select_option("merge_cases")
    desk.locator("button[name=index]").click()
    desk.locator(f"#keep-{first.pk}").check()
    desk.locator("input[name=apply]").click()
    expect(desk.locator("ul.messagelist")).to_contain_text(f"Merged 1 case into {first.number}.")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == first and duplicate.state == State.CLOSED

    customer = english_context(new_context(), live_server.url).new_page()
    portal_log_in(customer, live_server.url, reporter)
    customer.goto(live_server.url + duplicate.get_absolute_url())
    expect(customer.locator("#merged-into")).to_contain_text(first.number)
    expect(customer.locator("#reply-form")).to_have_count(0)
    customer.locator("#merged-into a").click()
    expect(customer).to_have_url(re.compile(re.escape(first.get_absolute_url()) + "$"))
    conversation = customer.locator("#conversation")
    expect(conversation).to_contain_text("Which printer do you use?")
    expect(conversation).to_contain_text("The invoice printout is empty.")
    expect(customer.locator("#merged-cases")).to_contain_text(duplicate.number)
