"""Cost estimates are versions: an acceptance names exactly what the customer saw, and a
changed estimate needs a new acceptance before billable work goes on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import CaseEvent, CostEstimate
from cases.workflows import Category, State
from support_logins.selectors import CONSULTANT, grant_choices_for_case
from tests.factories import WEDNESDAY_MORNING, StaffFactory, register_case

pytestmark = pytest.mark.django_db


def _order_in_work():
    case = register_case(category=Category.ORDER, now=WEDNESDAY_MORNING)
    staff = StaffFactory()
    first = services.case_estimate_give(case=case, by=staff, amount=Decimal("4500.00"),
                                        currency="SEK", text="Two hours", now=WEDNESDAY_MORNING)
    services.case_estimate_accept(case=case, by=case.reporter, version=first.version,
                                  now=WEDNESDAY_MORNING)
    services.case_transition(case=case, by=staff, target=State.WORK, now=WEDNESDAY_MORNING)
    case.refresh_from_db()
    return case, staff, first


def test_a_changed_estimate_sends_the_order_back_to_waiting_for_a_new_yes():
    case, staff, first = _order_in_work()
    assert CONSULTANT in dict(grant_choices_for_case(case=case, now=WEDNESDAY_MORNING))
    second = services.case_estimate_give(case=case, by=staff, amount=Decimal("9000.00"),
                                         currency="SEK", text="Four hours", now=WEDNESDAY_MORNING)
    case.refresh_from_db()
    assert case.state == State.COST_ESTIMATE
    assert second.version == 2 and not second.is_accepted
    first.refresh_from_db()
    # What was accepted earlier stays exactly as it was accepted.
    assert (first.amount, first.text, first.accepted_by) == (Decimal("4500.00"), "Two hours",
                                                             case.reporter)
    assert first.superseded_at is not None
    with pytest.raises(ValidationError) as refusal:
        services.case_transition(case=case, by=staff, target=State.WORK, now=WEDNESDAY_MORNING)
    assert refusal.value.code == "estimate_accepted"
    # The earlier acceptance no longer opens consultant access either.
    assert CONSULTANT not in dict(grant_choices_for_case(case=case, now=WEDNESDAY_MORNING))


def test_accepting_names_the_version_and_a_stale_version_is_refused():
    case = register_case(category=Category.ORDER, now=WEDNESDAY_MORNING)
    staff = StaffFactory()
    services.case_estimate_give(case=case, by=staff, amount=Decimal("100"), currency="EUR",
                                text="v1", now=WEDNESDAY_MORNING)
    services.case_estimate_give(case=case, by=staff, amount=Decimal("300"), currency="EUR",
                                text="v2", now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError) as refusal:
        services.case_estimate_accept(case=case, by=case.reporter, version=1,
                                      now=WEDNESDAY_MORNING)
    assert refusal.value.code == "estimate_changed"
    assert not CostEstimate.objects.filter(case=case, accepted_at__isnull=False).exists()
    accepted = services.case_estimate_accept(case=case, by=case.reporter, version=2,
                                             now=WEDNESDAY_MORNING)
    assert (accepted.version, accepted.amount) == (2, Decimal("300"))
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.ESTIMATE_ACCEPTED)
    assert event.details == {"version": 2, "amount": "300.00", "currency": "EUR"}


def test_no_new_estimate_after_delivery():
    case, staff, _first = _order_in_work()
    services.case_transition(case=case, by=staff, target=State.DELIVERED, now=WEDNESDAY_MORNING)
    with pytest.raises(ValidationError) as refusal:
        services.case_estimate_give(case=case, by=staff, amount=Decimal("1"), currency="SEK",
                                    text="late", now=WEDNESDAY_MORNING)
    assert refusal.value.code == "too_late"


def test_portal_acceptance_is_two_steps_and_confirms_the_version_seen(client):
    case = register_case(category=Category.ORDER)
    staff = StaffFactory()
    services.case_estimate_give(case=case, by=staff, amount=Decimal("1200"), currency="SEK",
                                text="Setup", now=case.registered_at)
    client.force_login(case.reporter)
    url = reverse("cases:estimate_accept", args=[case.number])
    page = client.get(url).content.decode()
    assert "SEK\u00a01,200.00" in page and "excludes VAT" in page and 'name="version" value="1"' in page
    # Staff change the price while the customer looks at the old one.
    services.case_estimate_give(case=case, by=staff, amount=Decimal("2400"), currency="SEK",
                                text="Setup and training", now=case.registered_at)
    response = client.post(url, {"version": 1, "confirm": "on"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "changed after you opened it" in body and "SEK\u00a02,400.00" in body
    assert not CostEstimate.objects.filter(case=case, accepted_at__isnull=False).exists()
    client.post(url, {"version": 2, "confirm": "on"})
    assert CostEstimate.objects.get(case=case, version=2).accepted_by == case.reporter
