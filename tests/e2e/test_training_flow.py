"""Browser test of getting trained: a SuperUser not trained on a module follows the link
from "Register a case" to the module's next session and books it; a specialist records the
attendance in admin; the SuperUser can then register a case on that module."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Case
from customers.models import TrainingCompletion
from tests.e2e.test_case_flow import admin_log_in, english_context, portal_log_in
from tests.factories import LicenceFactory, ModuleFactory, make_specialist, make_superuser
from tests.factories.trainings import TrainingSessionFactory
from trainings.models import TrainingBooking

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def test_an_untrained_superuser_books_training_and_then_registers_a_case(
        page: Page, new_context, live_server):
    base = live_server.url
    trained = ModuleFactory(code="invoicing", name="Invoicing")
    payroll = ModuleFactory(code="payroll", name="Payroll")
    licence = LicenceFactory(modules=[trained, payroll])
    person = make_superuser(licence=licence, first_name="Anna", last_name="Lind", language="en")
    assert not TrainingCompletion.objects.filter(user=person, module=payroll).exists()
    start = (timezone.now() + dt.timedelta(days=7)).replace(microsecond=0)
    session = TrainingSessionFactory(module=payroll, starts_at=start,
                                     ends_at=start + dt.timedelta(hours=3), seats=5)
    specialist = make_specialist(first_name="Karin", last_name="Ström", language="en")
    specialist.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="trainings"))

    english_context(page.context, base)
    portal_log_in(page, base, person)
    page.goto(base + "/cases/new/")
    expect(page.get_by_label("Module").locator("option", has_text="Payroll")).to_have_count(0)
    notice = page.locator("#missing-trainings .missing-training[data-module=payroll]")
    expect(notice).to_contain_text("You are not trained on Payroll")
    notice.get_by_role("link", name=re.compile("Book the next training")).click()
    expect(page).to_have_url(re.compile(rf"/trainings/sessions/{session.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Training: Payroll")
    page.get_by_role("button", name="Book a seat").click()
    expect(page).to_have_url(re.compile(r"/trainings/bookings/$"))
    booking = TrainingBooking.objects.get(user=person, session=session)
    row = page.locator(f"#booking-{booking.pk}")
    expect(row.locator(".booking-status")).to_have_text("Booked")
    expect(row.get_by_role("link", name="Add to calendar (.ics)")).to_be_visible()

    staff = english_context(new_context(), base).new_page()
    admin_log_in(staff, base, specialist)
    staff.goto(f"{base}/admin/trainings/trainingbooking/?session__id__exact={session.pk}")
    staff.locator(f"input[name=_selected_action][value='{booking.pk}']").check()
    staff.locator("select[name=action]").select_option("record_attendance")
    staff.locator("button[name=index]").click()
    expect(staff.locator("ul.messagelist li.success")).to_contain_text("1 new completed training")

    page.goto(base + "/cases/new/")
    page.get_by_label("Module").select_option(label="Payroll")
    page.get_by_label("Support question", exact=True).check()
    page.get_by_label("Subject").fill("How do I close the payroll month?")
    page.get_by_label("Description").fill("The month-end button is greyed out.")
    page.get_by_role("button", name="Register case").click()
    expect(page).to_have_url(re.compile(r"/cases/\d{4}-\d{6}/$"))
    assert Case.objects.filter(reporter=person, module=payroll).exists()
