import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.roles import MANAGERS
from cases.models import Case, CaseEvent
from cases.workflows import Category, State
from tests.factories import (
    LicenceFactory,
    StaffFactory,
    deliver_case,
    make_specialist,
    make_superuser,
    register_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist():
    return make_specialist(support_team="crafts")


def change_form_data(client, case):
    """The change form as the browser would post it back, unchanged."""
    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 200
    data = {"assignee": "", "move_to": "", "new_level": "", "level_reason": "",
            "estimate_amount": "", "estimate_currency": "SEK", "estimate_text": ""}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.initial_forms:
            data[f"{form.prefix}-id"] = form.instance.pk
            data[f"{form.prefix}-case"] = case.pk
    return data


def test_specialists_start_on_their_teams_cases_managers_see_all(client, specialist):
    crafts = register_case(reporter=make_superuser(
        licence=LicenceFactory(customer__industry="construction")), subject="Crafts case")
    trade = register_case(reporter=make_superuser(
        licence=LicenceFactory(customer__industry="retail")), subject="Trade case")
    client.force_login(specialist)
    page = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert crafts.subject in page and trade.subject not in page
    everything = client.get(reverse("admin:cases_case_changelist"), {"team": "all"})
    assert trade.subject in everything.content.decode()
    manager = StaffFactory()
    manager.groups.add(Group.objects.get(name=MANAGERS))
    client.force_login(manager)
    page = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert crafts.subject in page and trade.subject in page


def test_changelist_shows_sla_state_and_filters_breached(client, specialist):
    late = register_case(service_level=1, subject="Old outage",
                         now=timezone.now() - dt.timedelta(days=30))
    fresh = register_case(service_level=5, subject="New wish-like bug")
    client.force_login(specialist)
    page = client.get(reverse("admin:cases_case_changelist"), {"team": "all"}).content.decode()
    assert "Breached" in page
    breached = client.get(reverse("admin:cases_case_changelist"),
                          {"team": "all", "sla": "breached"}).content.decode()
    assert late.subject in breached and fresh.subject not in breached


def test_reply_and_move_from_the_change_form_go_through_the_services(client, specialist):
    case = register_case()
    client.force_login(specialist)
    data = change_form_data(client, case)
    data.update({"move_to": State.ESCALATED, "reply_body": "We can reproduce it.",
                 "reply_kind": "public"})
    response = client.post(reverse("admin:cases_case_change", args=[case.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.state == State.ESCALATED
    assert case.work_started_at is not None
    assert case.messages.get().body == "We can reproduce it."
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {"state_changed", "public_reply", "work_started"} <= kinds


def test_level_change_needs_a_reason(client, specialist):
    case = register_case(service_level=1)
    client.force_login(specialist)
    data = {**change_form_data(client, case), "new_level": "3"}
    response = client.post(reverse("admin:cases_case_change", args=[case.pk]), data)
    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    data["level_reason"] = "Workaround provided"
    client.post(reverse("admin:cases_case_change", args=[case.pk]), data)
    case.refresh_from_db()
    assert case.service_level == 3
    assert CaseEvent.objects.get(case=case, kind="level_changed").details["reason"] == \
        "Workaround provided"


def test_assign_to_me_action(client, specialist):
    case = register_case()
    client.force_login(specialist)
    client.post(reverse("admin:cases_case_changelist") + "?team=all",
                {"action": "assign_to_me", "_selected_action": [case.pk]})
    assert Case.objects.get(pk=case.pk).assignee == specialist


def test_admin_opening_a_case_is_audited(client, specialist):
    from audit.models import AuditEntry

    case = register_case()
    client.force_login(specialist)
    client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert AuditEntry.objects.filter(action="case.view", subject_id=str(case.pk),
                                     actor=specialist).exists()


def test_a_refused_service_rolls_back_the_whole_save_and_shows_the_reason(client, specialist):
    """Assignee, reply and a new estimate on a delivered order in one save: the estimate is
    refused, so neither the assignment nor the reply is kept, and the form says why."""
    order = deliver_case(register_case(category=Category.ORDER), now=timezone.now(), by=specialist)
    before = set(CaseEvent.objects.filter(case=order).values_list("pk", flat=True))
    client.force_login(specialist)
    data = {**change_form_data(client, order), "assignee": specialist.pk,
            "estimate_amount": "100", "estimate_text": "More work",
            "reply_body": "We are on it.", "reply_kind": "public"}
    response = client.post(reverse("admin:cases_case_change", args=[order.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "The order is already delivered or closed; its estimate cannot change." in body
    assert "was changed successfully" not in body
    order.refresh_from_db()
    assert order.assignee is None
    assert not order.messages.filter(body="We are on it.").exists()
    assert set(CaseEvent.objects.filter(case=order).values_list("pk", flat=True)) == before


def test_a_bug_has_no_estimate_fields_and_an_order_no_level(client, specialist):
    bug = register_case()
    order = register_case(category=Category.ORDER)
    client.force_login(specialist)
    bug_page = client.get(reverse("admin:cases_case_change", args=[bug.pk])).content.decode()
    order_page = client.get(reverse("admin:cases_case_change", args=[order.pk])).content.decode()
    assert 'name="estimate_amount"' not in bug_page and 'name="new_level"' in bug_page
    assert 'name="estimate_amount"' in order_page and 'name="new_level"' not in order_page
    # Reading order: the reply box comes before the workflow and SLA fields.
    assert bug_page.index('id="id_reply_body"') < bug_page.index('name="new_level"')


def test_transfer_action_hands_the_case_to_the_other_team(client, specialist):
    case = register_case()
    client.force_login(specialist)
    client.post(reverse("admin:cases_case_changelist") + "?team=all",
                {"action": "transfer_team", "_selected_action": [case.pk], "apply": "1",
                 "team": "trade", "reason": "A retail customer"})
    case.refresh_from_db()
    assert case.team == "trade"
    # The action refuses a level outside 1..5 instead of failing.
    response = client.post(reverse("admin:cases_case_changelist") + "?team=all",
                           {"action": "lower_level", "_selected_action": [case.pk],
                            "apply": "1", "level": "99999", "reason": "x"})
    assert response.status_code == 302
    assert "Choose a service level from 1 to 5." in client.get(response["Location"]).content.decode()
    case.refresh_from_db()
    assert case.service_level == 2
    assert not CaseEvent.objects.filter(case=case, kind="level_changed").exists()


@pytest.mark.parametrize("params", [{"sla": "garbage"}, {"team": "99"}, {"team": "nope"}])
def test_unknown_filter_values_are_refused_not_a_server_error(client, specialist, params):
    register_case()
    client.force_login(specialist)
    response = client.get(reverse("admin:cases_case_changelist"), params)
    # Django's answer to unusable lookups: back to the list with ?e=1, never a 500.
    assert response.status_code == 302 and "e=1" in response["Location"]
