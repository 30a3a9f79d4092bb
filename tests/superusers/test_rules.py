import pytest

from superusers.rules import Ineligibility, eligibility, seats_allowed

SPEC_RULE = ((1, 2), (4, 3), (7, 4))


@pytest.mark.parametrize(("modules", "seats"), [
    (0, 2), (1, 2), (2, 2), (3, 2), (4, 3), (5, 3), (6, 3), (7, 4), (8, 4), (40, 4),
])
def test_seats_by_module_count(modules, seats):
    assert seats_allowed(modules, SPEC_RULE) == seats


def test_a_configured_rule_can_never_exceed_four_seats():
    assert seats_allowed(10, ((1, 2), (5, 6))) == 4
    assert seats_allowed(3, ((1, 1), (3, 3))) == 3


def test_eligibility_names_the_first_missing_thing():
    full = {"has_seat": True, "customer_active": True, "payment_overdue": False,
            "trained_modules": 2}
    assert eligibility(**full).may_register_cases
    assert eligibility(**{**full, "has_seat": False, "payment_overdue": True}).reason \
        == Ineligibility.NO_SEAT
    assert eligibility(**{**full, "customer_active": False}).reason \
        == Ineligibility.CUSTOMER_INACTIVE
    assert eligibility(**{**full, "payment_overdue": True}).reason \
        == Ineligibility.PAYMENT_OVERDUE
    assert eligibility(**{**full, "trained_modules": 0}).reason == Ineligibility.NO_TRAINING
