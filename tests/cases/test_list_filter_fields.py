"""The case list's filter form is built, validated and written once per language, module
choices and query; every page must still show its own language, choices, values and errors,
and ask the list for exactly what a fresh form would."""

import pytest
from django.http import QueryDict
from django.utils import translation

from cases import listing
from cases.forms import CaseFilterForm
from cases.selectors import CaseListFilters

MODULES = [(1, "Payroll"), (2, "Invoicing")]


def _data(query: str | None) -> QueryDict | None:
    return QueryDict(query) if query is not None else None


def _html(query: str | None, modules=MODULES) -> str:
    return listing.case_list_filters(_data(query), modules=modules).fields_html


@pytest.mark.parametrize("query", [None, "page=3", "q=printer&module=2&mine=on",
                                   "category=bug&state=bug:new", "module=abc", "q=%22%3E%3Cb%3E",
                                   "status=open&status=resolved"])
@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_a_remembered_form_is_what_a_fresh_form_renders_and_asks_for(query, language):
    with translation.override(language):
        listing.case_list_filters(_data(query), modules=MODULES)  # remembered
        again = listing.case_list_filters(_data(query), modules=MODULES)
        assert again == listing._list_filters(CaseFilterForm(_data(query), modules=MODULES))


def test_what_was_asked_for_and_the_choices_each_show():
    with translation.override("en"):
        chosen = _html("module=2&q=invoice")
        assert '<option value="2" selected>Invoicing</option>' in chosen
        assert 'value="invoice"' in chosen
        assert "selected>Invoicing" not in _html("module=1")
        other_modules = _html(None, modules=[(3, "Stock")])
        assert "Stock" in other_modules and "Payroll" not in other_modules
        assert 'aria-invalid="true"' in _html("module=abc")
    with translation.override("sv"):
        assert "Alla moduler" in _html(None)


def test_each_query_asks_for_its_own_filters():
    asked = listing.case_list_filters(_data("q=+printer+&module=2&mine=on&state=order:work"),
                                      modules=MODULES).filters
    assert asked == CaseListFilters(module_id=2, mine=True, query="printer",
                                    state="work", state_category="order")
    assert listing.case_list_filters(_data("module=2"), modules=MODULES).filters.mine is False
    # A module the reader may not choose asks for nothing rather than for that module.
    assert listing.case_list_filters(_data("module=9"), modules=MODULES).filters == CaseListFilters()
    assert listing.case_list_filters(_data("module=9"), modules=[(9, "Stock")]).filters.module_id == 9
