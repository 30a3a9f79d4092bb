"""A module is named in the reader's language wherever the portal shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from customers.models import Module
from tests.factories import WEDNESDAY_MORNING, register_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "expected"),
                         [("sv", "Lön"), ("fi", "Palkat"), ("en", "Payroll")])
def test_the_name_follows_the_active_language(language, expected):
    module = Module(code="payroll", name="Lön / Palkat", name_sv="Lön", name_fi="Palkat",
                    name_en="Payroll")
    with translation.override(language):
        assert module.display_name == expected
        assert str(module) == expected


def test_a_missing_translation_falls_back_to_the_common_name():
    module = Module(code="x", name="Lager / Varasto", name_sv="Lager")
    with translation.override("fi"):
        assert module.display_name == "Lager / Varasto"


def test_the_case_list_shows_modules_in_the_readers_language(client):
    case = register_case(now=WEDNESDAY_MORNING)
    Module.objects.filter(pk=case.module_id).update(name="Fakturering / Laskutus",
                                                    name_sv="Fakturering", name_fi="Laskutus",
                                                    name_en="Invoicing")
    client.force_login(case.reporter)
    for language, name in (("fi", "Laskutus"), ("en", "Invoicing")):
        case.reporter.language = language
        case.reporter.save(update_fields=["language"])
        page = client.get(reverse("cases:case_list")).content.decode()
        table = page[page.index('id="case-table"'):]
        assert f"<td>{name}</td>" in table
