"""The case list's filter fields are written once per language, module choices and query;
every page must still show its own language, choices, values and errors."""

import pytest
from django.http import QueryDict
from django.utils import translation

from cases import listing
from cases.forms import CaseFilterForm

MODULES = [(1, "Payroll"), (2, "Invoicing")]


def _form(query: str | None, modules=MODULES) -> CaseFilterForm:
    return CaseFilterForm(QueryDict(query) if query is not None else None, modules=modules)


@pytest.mark.parametrize("query", [None, "", "page=3", "q=printer&module=2&mine=on",
                                   "category=bug&state=bug:new", "module=abc", "q=%22%3E%3Cb%3E"])
@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_a_remembered_rendering_is_what_the_form_renders_now(query, language):
    with translation.override(language):
        listing.case_filter_fields_html(_form(query))  # remembered
        again = listing.case_filter_fields_html(_form(query))
        assert again == listing._filter_fields_html(_form(query))


def test_what_was_asked_for_and_the_choices_each_show(settings):
    with translation.override("en"):
        chosen = listing.case_filter_fields_html(_form("module=2&q=invoice"))
        assert '<option value="2" selected>Invoicing</option>' in chosen
        assert 'value="invoice"' in chosen
        assert "selected>Invoicing" not in listing.case_filter_fields_html(_form("module=1"))
        other_modules = listing.case_filter_fields_html(_form(None, modules=[(3, "Stock")]))
        assert "Stock" in other_modules and "Payroll" not in other_modules
        assert 'aria-invalid="true"' in listing.case_filter_fields_html(_form("module=abc"))
    with translation.override("sv"):
        assert "Alla moduler" in listing.case_filter_fields_html(_form(None))
