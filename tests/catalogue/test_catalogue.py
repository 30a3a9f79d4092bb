import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cases.models import Case
from cases.workflows import Category, State
from catalogue.models import PriceUnit, ServiceCategory
from customers.models import PaymentStatus
from superusers.rules import INELIGIBILITY_MESSAGES, Ineligibility
from tests.factories import CustomerFactory, LicenceFactory, ModuleFactory, make_superuser
from tests.factories.catalogue import ServiceItemFactory

pytestmark = pytest.mark.django_db


def test_the_brochure_categories_are_seeded_in_every_language():
    codes = list(ServiceCategory.objects.values_list("code", flat=True))
    assert codes == ["micro", "consulting", "technical", "advisory"]
    micro = ServiceCategory.objects.get(code="micro")
    with translation.override("fi"):
        assert micro.display_name == "Mikropalvelut"
    with translation.override("sv"):
        assert micro.display_name == "Mikrotjänster"


@pytest.fixture
def items():
    micro = ServiceCategory.objects.get(code="micro")
    priced = ServiceItemFactory(category=micro, name="Fallback name", name_sv="Fakturamall",
                                name_fi="Laskupohja", name_en="Invoice template",
                                description_sv="Vi anpassar mallen.",
                                description_en="We adapt the template.",
                                price_sek=Decimal("2900"), price_eur=Decimal("260"))
    quoted = ServiceItemFactory(category=ServiceCategory.objects.get(code="technical"),
                                name="API analysis", price_unit=PriceUnit.HOUR)
    ServiceItemFactory(category=micro, name="Retired service", is_active=False)
    return priced, quoted


def test_lists_in_the_readers_language_with_quote_when_no_price(client, items):
    priced, quoted = items
    swede = make_superuser(language="sv", licence=LicenceFactory(customer__office_country="SE"))
    client.force_login(swede)
    page = client.get(reverse("catalogue:home"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Mikrotjänster" in page and "Fakturamall" in page and "Vi anpassar mallen." in page
    assert "2" in page and "SEK" in page
    assert "API analysis" in page  # no translation: the fallback name
    assert "Retired service" not in page
    assert "Pris enligt offert" in page  # the item without a price in SEK


def test_english_reader_of_the_finnish_office_sees_euros(client, items):
    finn = make_superuser(language="en", licence=LicenceFactory(customer__office_country="FI"))
    client.force_login(finn)
    page = client.get(reverse("catalogue:home")).content.decode()
    assert "Invoice template" in page and "We adapt the template." in page
    assert "260 EUR" in page
    assert "Price on quote" in page


def test_order_prefills_the_case_form_and_registers_an_order_for_the_module(client):
    module = ModuleFactory(code="invoicing", name="Invoicing")
    reporter = make_superuser(language="en", licence=LicenceFactory(modules=[module]))
    item = ServiceItemFactory(category=ServiceCategory.objects.get(code="consulting"),
                              name="Setup review", description="We review your setup.",
                              module=module)
    client.force_login(reporter)
    catalogue = client.get(reverse("catalogue:home")).content.decode()
    order_url = f"{reverse('cases:case_create')}?category=order&amp;service={item.pk}"
    assert order_url in catalogue
    form = client.get(reverse("cases:case_create"),
                      {"category": "order", "service": item.pk}).context["form"]
    assert form.initial["category"] == Category.ORDER
    assert form.initial["subject"] == "Setup review"
    assert "We review your setup." in form.initial["description"]
    assert form.initial["module"] == module.pk
    page = client.get(reverse("cases:case_create"),
                      {"category": "order", "service": item.pk}).content.decode()
    assert 'value="Setup review"' in page
    assert re.search(r'<input[^>]*value="order"[^>]*checked', page)
    response = client.post(reverse("cases:case_create"), {
        "module": form.initial["module"], "category": form.initial["category"],
        "subject": form.initial["subject"], "description": form.initial["description"]})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.category == Category.ORDER and case.module == module
    assert case.subject == "Setup review" and case.customer_id == reporter.customer_id
    # The order workflow as for any order: received, then a cost estimate.
    assert case.state == State.RECEIVED


def test_unknown_or_retired_service_prefills_nothing(client):
    reporter = make_superuser(language="en")
    retired = ServiceItemFactory(is_active=False)
    client.force_login(reporter)
    for service in (str(retired.pk), "999999999", "abc", "9" * 40):
        form = client.get(reverse("cases:case_create"), {"service": service}).context["form"]
        assert "subject" not in form.initial


def test_people_who_may_not_register_cases_see_why_and_no_order_button(client, items):
    overdue = make_superuser(language="en", licence=LicenceFactory(
        customer=CustomerFactory(payment_status=PaymentStatus.OVERDUE)))
    client.force_login(overdue)
    page = client.get(reverse("catalogue:home")).content.decode()
    with translation.override("en"):
        assert escape(str(INELIGIBILITY_MESSAGES[Ineligibility.PAYMENT_OVERDUE])) in page
    assert "service=" not in page
    untrained = make_superuser(language="en", trained=False)
    client.force_login(untrained)
    page = client.get(reverse("catalogue:home")).content.decode()
    with translation.override("en"):
        assert escape(str(INELIGIBILITY_MESSAGES[Ineligibility.NO_TRAINING])) in page
    assert "service=" not in page


def test_signed_out_people_are_sent_to_log_in(client):
    response = client.get(reverse("catalogue:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
