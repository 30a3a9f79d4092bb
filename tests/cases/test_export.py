"""The case CSV export is safe to open in a spreadsheet: no cell starts a formula (OWASP
"CSV Injection"), and ordinary text is exported as it is."""

from __future__ import annotations

import csv
import decimal
import io

import pytest
from django.urls import reverse

from cases.models import Case
from kundcenter.csv_safety import csv_safe_cell, csv_safe_row
from tests.factories import make_superuser, register_case

HOSTILE = ['=HYPERLINK("http://evil","x")', "+1", "-2", "@SUM(A1)", "\t=1", "\r=1", "\n=1",
           "  =1+1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_could_start_a_formula_gets_a_quote_in_front(value):
    assert csv_safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Invoices do not print", "Fakturan skrivs inte ut", "",
                                   "2026-004217", "a=b", "x-y", "mail@example.com", "'quoted"])
def test_ordinary_text_is_unchanged(value):
    assert csv_safe_cell(value) == value


@pytest.mark.parametrize(("value", "text"), [(None, ""), (2, "2"), (-2, "-2"), (1.5, "1.5"),
                                             (decimal.Decimal("-3.50"), "-3.50")])
def test_numbers_stay_numbers_and_none_is_empty(value, text):
    assert csv_safe_cell(value) == text


def test_a_row_is_made_safe_cell_by_cell():
    assert csv_safe_row(["ok", "=1", None, 3]) == ["ok", "'=1", "", "3"]


def _export_rows(client, user) -> list[list[str]]:
    client.force_login(user)
    response = client.get(reverse("cases:case_export"))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.django_db
def test_the_export_neutralises_formulas_in_every_cell_and_keeps_normal_subjects(client):
    reporter = make_superuser(first_name="=cmd|' /C calc'!A0", last_name="X")
    normal = register_case(reporter=reporter, subject="Invoices do not print")
    hostile = {}
    for subject in HOSTILE:
        case = register_case(reporter=reporter, subject="placeholder")
        # Straight into the row: case_register strips whitespace, an email or an import may not.
        Case.objects.filter(pk=case.pk).update(subject=subject)
        hostile[case.number] = subject

    rows = {row[0]: row for row in _export_rows(client, reporter)[1:]}

    assert rows[normal.number][2] == "Invoices do not print"
    for number, subject in hostile.items():
        assert rows[number][2] == "'" + subject, subject
    assert all(row[6].startswith("'=cmd") for row in rows.values())
    for row in rows.values():
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), row
