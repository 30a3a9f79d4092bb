"""Portal pages: choose → confirm → grant, the list, revoke with a confirmation, the case
panel, and the refusals (404 for another customer's case, 403 page for non-SuperUsers)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEntry
from support_logins import selectors, services
from support_logins.models import GrantKind, SupportLoginGrant
from tests.factories import (
    FRIDAY_MORNING,
    WEDNESDAY_MORNING,
    StaffFactory,
    UserFactory,
    grant_support_login,
    make_superuser,
    order_with_accepted_estimate,
    register_case,
)

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def wednesday():
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        yield WEDNESDAY_MORNING


@pytest.fixture
def friday():
    with time_machine.travel(FRIDAY_MORNING, tick=False):
        yield FRIDAY_MORNING


def _grant_url(case) -> str:
    return reverse("support_logins:grant_create", kwargs={"number": case.number})


def test_the_form_offers_8wh_by_default_and_no_72_hours_on_a_wednesday(client, wednesday):
    case = register_case(now=wednesday)
    client.force_login(case.reporter)
    response = client.get(_grant_url(case))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="8wh"' in page and 'value="24h"' in page and 'value="72h"' not in page
    assert 'value="8wh" id="id_preset_0" required checked' in page
    assert "72 hours can be chosen on Fridays" in page


def test_on_a_friday_72_hours_is_offered(client, friday):
    case = register_case(now=friday)
    client.force_login(case.reporter)
    page = client.get(_grant_url(case)).content.decode()
    assert 'value="72h"' in page


def test_choose_confirm_grant(client, friday):
    case = register_case(now=friday)
    client.force_login(case.reporter)

    preview = client.post(_grant_url(case), {"preset": "72h", "reason": "Year-end check",
                                             "step": "preview"})
    assert preview.status_code == 200
    assert preview.templates[0].name == "support_logins/grant_confirm.html"
    page = preview.content.decode()
    # Fri 10:00 Stockholm + 72 h = Mon 10:00.
    assert "until Mon 10:00" in page
    assert not SupportLoginGrant.objects.exists()  # nothing granted before confirming
    shown = preview.context["expires_at_iso"]

    done = client.post(_grant_url(case), {"preset": "72h", "reason": "Year-end check",
                                          "shown_expires_at": shown, "step": "confirm"},
                       follow=True)
    grant = SupportLoginGrant.objects.get()
    assert grant.expires_at == dt.datetime.fromisoformat(shown)
    assert grant.reason == "Year-end check" and grant.granted_by == case.reporter
    assert done.redirect_chain[-1][0] == reverse("support_logins:grant_list")
    page = done.content.decode()
    assert f"Support login granted for case {case.number} until Mon 10:00" in page
    assert f'id="grant-{grant.pk}" data-status="active"' in page
    assert AuditEntry.objects.filter(action="support_login.grant",
                                     ip_address="127.0.0.1").exists()


def test_change_goes_back_to_the_choice_keeping_it(client, wednesday):
    case = register_case(now=wednesday)
    client.force_login(case.reporter)
    response = client.post(_grant_url(case), {"preset": "24h", "step": "edit"})
    assert response.templates[0].name == "support_logins/grant_form.html"
    assert response.context["form"]["preset"].value() == "24h"
    assert not SupportLoginGrant.objects.exists()


@pytest.mark.parametrize("step", ["preview", "confirm"])
def test_72_hours_on_a_wednesday_is_refused_clearly(client, wednesday, step):
    case = register_case(now=wednesday)
    client.force_login(case.reporter)
    response = client.post(_grant_url(case), {"preset": "72h", "step": step})
    assert response.status_code == 400
    page = response.content.decode()
    assert "A 72-hour support login can only be granted on a Friday" in page
    assert "Today is Wednesday" in page
    assert not SupportLoginGrant.objects.exists()


def test_a_confirmation_without_the_shown_expiry_gets_the_confirmation_page(client, wednesday):
    case = register_case(now=wednesday)
    client.force_login(case.reporter)
    response = client.post(_grant_url(case), {"preset": "8wh", "step": "confirm"})
    assert response.templates[0].name == "support_logins/grant_confirm.html"
    assert not SupportLoginGrant.objects.exists()


def test_the_list_costs_the_same_few_queries_however_many_grants(client, wednesday,
                                                                 django_assert_max_num_queries):
    superuser = make_superuser()
    for hours in range(6):
        grant = grant_support_login(case=register_case(reporter=superuser, now=wednesday),
                                    now=wednesday - hours * 24 * HOUR)
        services.support_login_use(grant=grant, specialist=StaffFactory(),
                                   now=wednesday - hours * 24 * HOUR)
    client.force_login(superuser)
    client.get(reverse("support_logins:grant_list"))  # warms the opening-table cache
    # Session, user, customer, savepoint pair, calendar versions, grants, their uses, the
    # revoke check's seat, and the navbar's eligibility: none of them per grant.
    # 10, and one for the navigation's Academy unread badge.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("support_logins:grant_list"))
    assert len(response.context["active"]) + len(response.context["past"]) == 6


def test_a_moved_expiry_shows_the_confirmation_again(client, wednesday):
    case = register_case(now=wednesday)
    client.force_login(case.reporter)
    stale = (wednesday - 6 * HOUR).isoformat()
    response = client.post(_grant_url(case), {"preset": "8wh", "shown_expires_at": stale,
                                              "step": "confirm"})
    assert response.status_code == 409
    assert response.templates[0].name == "support_logins/grant_confirm.html"
    assert "Please check and confirm again" in response.content.decode()
    assert not SupportLoginGrant.objects.exists()


def test_another_customers_case_is_a_404_like_a_missing_one(client, wednesday):
    case = register_case(now=wednesday)
    client.force_login(make_superuser())
    assert client.get(_grant_url(case)).status_code == 404
    assert client.post(_grant_url(case), {"preset": "8wh", "step": "confirm"}).status_code == 404
    missing = reverse("support_logins:grant_create", kwargs={"number": "2026-999999"})
    assert client.get(missing).status_code == 404
    assert not SupportLoginGrant.objects.exists()


@pytest.mark.parametrize("who", ["staff", "no_seat"])
def test_non_superusers_get_a_refusal_page(client, wednesday, who):
    case = register_case(now=wednesday)
    person = StaffFactory() if who == "staff" else UserFactory(customer=case.customer)
    client.force_login(person)
    for response in (client.get(_grant_url(case)),
                     client.post(_grant_url(case), {"preset": "8wh", "step": "confirm"})):
        assert response.status_code == 403
        assert response.templates[0].name == "support_logins/refused.html"
        expected = selectors.STAFF_CANNOT_GRANT if who == "staff" else selectors.NOT_A_SUPERUSER
        assert escape(str(expected)) in response.content.decode()
    assert not SupportLoginGrant.objects.exists()


def test_anonymous_people_are_sent_to_log_in(client, wednesday):
    case = register_case(now=wednesday)
    response = client.get(_grant_url(case))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_consultant_access_is_offered_on_an_accepted_order(client, wednesday):
    order = order_with_accepted_estimate(now=wednesday)
    client.force_login(order.reporter)
    assert 'value="consultant"' in client.get(_grant_url(order)).content.decode()
    preview = client.post(_grant_url(order), {"preset": "consultant", "step": "preview"})
    assert "until Thu 09:00" in preview.content.decode()  # 24 h after Wed 09:00 Stockholm
    client.post(_grant_url(order), {"preset": "consultant", "step": "confirm",
                                    "shown_expires_at": preview.context["expires_at_iso"]})
    assert SupportLoginGrant.objects.get().kind == GrantKind.CONSULTANT


def test_the_list_shows_active_and_past_grants_of_the_own_customer_only(client, wednesday):
    active = grant_support_login(now=wednesday)
    superuser = active.granted_by
    old = grant_support_login(case=register_case(reporter=superuser, now=wednesday),
                              now=wednesday - 72 * HOUR)
    theirs = grant_support_login(now=wednesday)
    client.force_login(superuser)
    response = client.get(reverse("support_logins:grant_list"))
    assert response.status_code == 200
    assert [row.grant for row in response.context["active"]] == [active]
    assert [row.grant for row in response.context["past"]] == [old]
    page = response.content.decode()
    assert "until Thu 10:00" in page and "25 h" in page  # 8wh from Wed 09:00: Thu 10:00
    assert theirs.case.number not in page
    assert 'data-status="expired"' in page


def test_revoke_asks_then_revokes(client, wednesday):
    grant = grant_support_login(now=wednesday)
    client.force_login(grant.granted_by)
    url = reverse("support_logins:grant_revoke", kwargs={"pk": grant.pk})
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Yes, revoke now" in confirm.content.decode()
    grant.refresh_from_db()
    assert grant.revoked_at is None  # asking changes nothing

    response = client.post(url, follow=True)
    grant.refresh_from_db()
    assert grant.revoked_at == wednesday and grant.revoked_by == grant.granted_by
    page = response.content.decode()
    assert "was revoked" in page and f'id="grant-{grant.pk}" data-status="revoked"' in page

    again = client.post(url, follow=True)
    assert escape(str(services.ALREADY_REVOKED)) in again.content.decode()
    grant.refresh_from_db()
    assert grant.revoked_at == wednesday
    assert AuditEntry.objects.filter(action="support_login.revoke").count() == 1
    assert "nothing to revoke" in client.get(url).content.decode()


def test_revoking_another_customers_grant_is_a_404(client, wednesday):
    grant = grant_support_login(now=wednesday)
    client.force_login(make_superuser())
    url = reverse("support_logins:grant_revoke", kwargs={"pk": grant.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_staff_cannot_revoke_in_the_portal(client, wednesday):
    grant = grant_support_login(now=wednesday)
    client.force_login(StaffFactory())
    response = client.post(reverse("support_logins:grant_revoke", kwargs={"pk": grant.pk}))
    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_an_expired_grant_is_shown_expired_before_the_job_runs(client):
    grant = grant_support_login(now=WEDNESDAY_MORNING)
    client.force_login(grant.granted_by)
    with time_machine.travel(grant.expires_at, tick=False):
        response = client.get(reverse("support_logins:grant_list"))
    assert response.context["active"] == []
    assert [row.grant for row in response.context["past"]] == [grant]
    grant.refresh_from_db()
    assert grant.expiry_processed_at is None


def _panel(case, user) -> str:
    return Template("{% load support_logins %}{% support_login_panel case user %}").render(
        Context({"case": case, "user": user}))


def test_the_case_panel_shows_the_active_grant_and_the_grant_button(wednesday):
    case = register_case(now=wednesday)
    html = _panel(case, case.reporter)
    assert "No support login is active" in html and _grant_url(case) in html
    grant = grant_support_login(case=case, now=wednesday)
    html = _panel(case, case.reporter)
    assert "until Thu 10:00" in html and f"/support-logins/{grant.pk}/revoke/" in html
    # A customer member without a seat sees the state but no buttons.
    html = _panel(case, UserFactory(customer=case.customer))
    assert "until Thu 10:00" in html and _grant_url(case) not in html
    assert f"/support-logins/{grant.pk}/revoke/" not in html
