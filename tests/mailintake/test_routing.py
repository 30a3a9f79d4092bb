"""Where an inbound mail goes."""

from __future__ import annotations

import pytest

from mailintake.routing import MailFacts, Route, case_number_in_subject, route_mail


def facts(**overrides) -> MailFacts:
    values = {"is_automatic": False, "is_bulk": False, "sender_known": True,
              "sender_may_write": True, "threads_to_own_case": False}
    return MailFacts(**{**values, **overrides})


@pytest.mark.parametrize(("overrides", "route"), [
    ({}, Route.NEW_CASE),
    ({"threads_to_own_case": True}, Route.REPLY),
    ({"sender_known": False}, Route.ANSWER_HOW_TO_GET_SUPPORT),
    ({"sender_may_write": False}, Route.ANSWER_HOW_TO_GET_SUPPORT),
    ({"sender_may_write": False, "threads_to_own_case": True}, Route.ANSWER_HOW_TO_GET_SUPPORT),
    # Never answered, whoever sent it: no mail loops with auto-replies or lists.
    ({"is_automatic": True}, Route.IGNORE),
    ({"is_automatic": True, "sender_known": False}, Route.IGNORE),
    ({"is_bulk": True, "threads_to_own_case": True}, Route.IGNORE),
])
def test_routes(overrides, route):
    assert route_mail(facts(**overrides)).route == route


@pytest.mark.parametrize(("subject", "number"), [
    ("SV: Ärende 2026-000123 Fakturan skrivs inte ut", "2026-000123"),
    ("VS: Asia 2026-000400 - Varastosaldo väärin", "2026-000400"),
    ("Re: [2027-000001]", "2027-000001"),
    ("Order 12026-0001234 from our ERP", None),
    ("Phone 2026-1234567", None),
    ("", None),
])
def test_case_number_in_subject(subject, number):
    assert case_number_in_subject(subject) == number
