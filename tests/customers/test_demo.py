import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from cases.models import Case, CaseEvent, CaseRating, CostEstimate, Message, OutboxEmail
from cases.selectors import case_sla_state_q
from cases.sla import SlaState
from cases.workflows import Category, State
from customers.demo import DEMO_PASSWORD
from customers.models import Customer, Module, PaymentStatus
from portal.dashboard import active_support_logins, cases_awaiting_reply, estimates_to_accept
from superusers.models import SuperUserSeat
from superusers.selectors import superuser_eligibility
from support_logins.models import SupportLoginGrant, active_at_q

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
REOPEN_WINDOW = timedelta(days=14)

# Instants the demo must look right at: a weekday noon, a Sunday night with both offices
# closed, and just after Monday's opening (the at-risk window then reaches back to Friday).
WEDNESDAY_NOON = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
SUNDAY_NIGHT = datetime(2026, 11, 29, 22, 30, tzinfo=UTC)
MONDAY_OPENING = datetime(2026, 11, 30, 7, 10, tzinfo=UTC)


def loaddemo(at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        call_command("loaddemo", stdout=open("/dev/null", "w"))


def counts():
    return tuple(model.objects.count() for model in (
        Customer, User, SuperUserSeat, Case, CaseEvent, Message, CostEstimate, CaseRating,
        SupportLoginGrant, OutboxEmail))


def test_loaddemo_is_idempotent_and_covers_both_offices_teams_and_an_overdue_customer():
    loaddemo(WEDNESDAY_NOON)
    first = counts()
    loaddemo(WEDNESDAY_NOON + timedelta(hours=2))
    assert counts() == first
    assert set(Customer.objects.values_list("office_country", flat=True)) == {"SE", "FI"}
    assert {c.support_team for c in Customer.objects.all()} == {"crafts", "trade"}
    overdue = User.objects.get(email="johan.dahl@byggplat.example")
    assert overdue.customer.payment_status == PaymentStatus.OVERDUE
    assert not superuser_eligibility(user=overdue).may_register_cases
    anna = User.objects.get(email="anna.lind@elektronord.example")
    assert superuser_eligibility(user=anna).may_register_cases
    assert User.objects.filter(is_staff=True, support_team="crafts").exists()
    assert User.objects.filter(is_staff=True, support_team="trade").exists()


@pytest.mark.parametrize("now", [WEDNESDAY_NOON, SUNDAY_NIGHT, MONDAY_OPENING],
                         ids=["weekday-noon", "sunday-night", "monday-opening"])
def test_every_demo_customer_shows_the_product_at_any_hour(now):
    loaddemo(now)
    for customer in Customer.objects.all():
        cases = Case.objects.filter(customer=customer)
        name = customer.name
        assert set(cases.values_list("category", flat=True)) == set(Category.values), name
        assert cases.values("state").distinct().count() >= 9, name
        estimates = CostEstimate.objects.filter(case__customer=customer)
        assert estimates.filter(accepted_at__isnull=False).exists(), name
        assert estimates.filter(accepted_at__isnull=True, case__state=State.COST_ESTIMATE).exists()
        for state in (SlaState.BREACHED, SlaState.AT_RISK):
            open_bugs = cases.filter(state=State.NEW).filter(case_sla_state_q(state, now=now))
            assert open_bugs.exists(), f"{name}: no {state} bug at {now}"
        grants = SupportLoginGrant.objects.filter(customer=customer)
        assert grants.filter(active_at_q(now)).exists(), name
        assert grants.filter(expires_at__lte=now, revoked_at__isnull=True,
                             expiry_processed_at__isnull=False).exists(), name
        assert grants.filter(revoked_at__lte=now).exists(), name
        delivered = cases.filter(state=State.DELIVERED)
        assert delivered.filter(resolved_at__gt=now - REOPEN_WINDOW).exists(), name
        assert delivered.filter(resolved_at__lt=now - REOPEN_WINDOW).exists(), name
        assert not cases.filter(Q(registered_at__gt=now) | Q(events__at__gt=now)
                                | Q(messages__created_at__gt=now)).exists(), name


def test_the_portal_home_of_a_superuser_has_something_in_every_box():
    loaddemo(WEDNESDAY_NOON)
    for email in ("anna.lind@elektronord.example", "mikko.virtanen@kuljetus.example",
                  "johan.dahl@byggplat.example"):
        user = User.objects.get(email=email)
        assert cases_awaiting_reply(user=user).exists(), email
        assert estimates_to_accept(user=user).exists(), email
        assert active_support_logins(user=user, now=WEDNESDAY_NOON), email


def test_each_person_writes_in_their_own_language():
    loaddemo(WEDNESDAY_NOON)
    finnish = set(Case.objects.filter(reporter__email="mikko.virtanen@kuljetus.example")
                  .values_list("subject", flat=True))
    english = set(Case.objects.filter(reporter__email="oliver.grant@kauppa.example")
                  .values_list("subject", flat=True))
    swedish = set(Case.objects.filter(reporter__email="anna.lind@elektronord.example")
                  .values_list("subject", flat=True))
    assert "ALV-raportti ei täsmää pääkirjaan" in finnish
    assert "Wish: reminder before a quote expires" in english
    assert "Fel: programmet stängs när vi bokför leverantörsfakturor" in swedish
    answers = Message.objects.filter(case__subject="ALV-raportti ei täsmää pääkirjaan",
                                     author__is_staff=True).order_by("created_at")
    assert answers.first().body.startswith("Yleensä syynä ovat tositteet")


def test_demo_emails_are_kept_but_not_sent_to_anyone():
    loaddemo(WEDNESDAY_NOON)
    assert OutboxEmail.objects.exists()
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()


def test_modules_are_named_in_every_portal_language():
    loaddemo(WEDNESDAY_NOON)
    ledger = Module.objects.get(code="ledger")
    assert (ledger.name_sv, ledger.name_fi, ledger.name_en) == ("Ekonomi", "Talous", "Finance")
    assert not Module.objects.filter(Q(name_sv="") | Q(name_fi="") | Q(name_en="")).exists()


def test_every_demo_login_in_the_readme_signs_in(client):
    loaddemo(WEDNESDAY_NOON)
    section = README.read_text().split("### Demo logins", 1)[1].split("\n## ", 1)[0]
    emails = re.findall(r"^\| `([^`]+@[^`]+)` \|", section, flags=re.MULTILINE)
    assert len(emails) >= 10
    client.cookies["django_language"] = "en"
    for email in emails:
        response = client.post(reverse("accounts:login"),
                               {"username": email, "password": DEMO_PASSWORD},
                               REMOTE_ADDR="10.0.0.8")
        assert response.status_code == 302, email
        client.post(reverse("accounts:logout"))
