"""Case addresses are reversed once per URLconf and script prefix, and still follow both."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from cases.models import Case, case_detail_url


@pytest.mark.parametrize("number", ["2026-000042", "2025-123456"])
def test_the_case_address_is_what_reverse_gives(number):
    assert case_detail_url(number) == reverse("cases:case_detail", kwargs={"number": number})
    assert Case(number=number).get_absolute_url() == case_detail_url(number)


def test_a_script_prefix_moves_the_address():
    set_script_prefix("/portal/")
    try:
        assert case_detail_url("2026-000042") == reverse(
            "cases:case_detail", kwargs={"number": "2026-000042"})
        assert case_detail_url("2026-000042").startswith("/portal/")
    finally:
        clear_script_prefix()
    assert not case_detail_url("2026-000042").startswith("/portal/")
