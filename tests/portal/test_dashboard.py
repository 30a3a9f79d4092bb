"""The SuperUser's home: what waits for them, only their own company's, and the ways out
for people who cannot register cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import OutboxEmail
from cases.services import case_estimate_give, case_message_add
from cases.workflows import Category
from customers.models import PaymentStatus
from portal.dashboard import dashboard_for_user
from portal.models import SeatRequest
from portal.services import seat_request
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    StaffFactory,
    UserFactory,
    grant_support_login,
    make_superuser,
    register_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def test_dashboard_lists_what_waits_for_the_superuser(client, now):
    reporter = make_superuser(language="en")
    staff = StaffFactory()
    answered = register_case(reporter=reporter, subject="Payroll export fails", now=now)
    case_message_add(case=answered, by=staff, body="Which version do you run?", now=now)
    replied = register_case(reporter=reporter, subject="VAT report is empty", now=now)
    case_message_add(case=replied, by=staff, body="Please send a screenshot.", now=now)
    case_message_add(case=replied, by=reporter, body="Here it is.", now=now)
    order = register_case(reporter=reporter, category=Category.ORDER, subject="New layout",
                          now=now)
    case_estimate_give(case=order, by=staff, amount=Decimal("4800.00"), text="Setup",
                       currency="SEK", now=now)
    grant_support_login(case=replied, now=now)
    ArticleFactory(question="How do I credit an invoice?", language="en")

    client.force_login(reporter)
    page = client.get(reverse("home")).content.decode()

    waiting = page.split('id="awaiting-reply"')[1].split("</section>")[0]
    assert "Payroll export fails" in waiting
    assert "VAT report is empty" not in waiting  # the customer had the last word
    estimates = page.split('id="estimates"')[1].split("</section>")[0]
    assert "New layout" in estimates and reverse("cases:estimate_accept", args=[order.number]) in estimates
    logins = page.split('id="active-logins"')[1].split("</section>")[0]
    assert replied.number in logins and "left" in logins
    open_cases = page.split('id="open-cases"')[1].split("</section>")[0]
    assert all(case.number in open_cases for case in (answered, replied, order))
    assert 'data-sla="' in open_cases
    activity = page.split('id="activity"')[1].split("</section>")[0]
    assert order.number in activity
    assert "How do I credit an invoice?" in page.split('id="new-faq"')[1]


def test_dashboard_never_shows_another_customers_cases(client, now):
    mine = make_superuser(language="en")
    theirs = register_case(subject="Their secret case", now=now)
    case_message_add(case=theirs, by=StaffFactory(), body="Answer", now=now)
    grant_support_login(case=theirs, now=now)

    client.force_login(mine)
    page = client.get(reverse("home")).content.decode()

    assert "Their secret case" not in page and theirs.number not in page
    board = dashboard_for_user(user=mine, now=now)
    assert not (board.awaiting_reply or board.open_cases or board.active_logins
                or board.recent_activity or board.estimates_to_accept)


def test_an_accepted_or_superseded_estimate_no_longer_waits(now):
    reporter = make_superuser()
    staff = StaffFactory()
    order = register_case(reporter=reporter, category=Category.ORDER, now=now)
    case_estimate_give(case=order, by=staff, amount=Decimal("100"), text="v1", currency="SEK",
                       now=now)
    order.refresh_from_db()
    case_estimate_give(case=order, by=staff, amount=Decimal("120"), text="v2", currency="SEK",
                       now=now)
    waiting = dashboard_for_user(user=reporter, now=now).estimates_to_accept
    assert [estimate.version for estimate in waiting] == [2]


def test_expired_support_login_is_not_listed_as_active(now):
    reporter = make_superuser()
    grant_support_login(by=reporter, now=now - dt.timedelta(days=30))
    assert dashboard_for_user(user=reporter, now=now).active_logins == []


def test_person_without_a_seat_sees_why_and_can_ask_for_one(client, now,
                                                            django_capture_on_commit_callbacks):
    holder = make_superuser(language="sv")
    colleague = UserFactory(customer=holder.customer, language="en")
    client.force_login(colleague)
    page = client.get(reverse("home")).content.decode()
    assert 'data-reason="no_seat"' in page and 'id="seat-request"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:seat_request"), follow=True)
    assert "We asked for a SuperUser seat for you" in response.content.decode()
    email = OutboxEmail.objects.get(template="seat_request")
    assert email.recipient == holder.email and email.language == "sv"
    # Asked once: the button becomes "you asked on …" and a second post mails no one.
    client.post(reverse("portal:seat_request"))
    assert OutboxEmail.objects.filter(template="seat_request").count() == 1
    assert 'id="seat-requested"' in client.get(reverse("home")).content.decode()


def test_seat_request_goes_to_support_when_the_company_has_no_superusers(settings, now):
    lonely = UserFactory(customer=CustomerFactory(), language="en")
    request = seat_request(user=lonely, now=now)
    assert request.sent_to == [getattr(settings, f"SUPPORT_EMAIL_{lonely.customer.office_country}")]
    # After the quiet interval the person may ask again.
    later = now + dt.timedelta(hours=settings.SEAT_REQUEST_INTERVAL_HOURS, minutes=1)
    assert seat_request(user=lonely, now=later).pk != request.pk
    assert SeatRequest.objects.filter(user=lonely).count() == 2


def test_a_superuser_cannot_request_a_seat(client):
    holder = make_superuser(language="en")
    client.force_login(holder)
    client.post(reverse("portal:seat_request"))
    assert not SeatRequest.objects.exists()


def test_overdue_customer_sees_the_billing_contact_of_their_office(client, settings):
    reporter = make_superuser(language="en")
    customer = reporter.customer
    customer.payment_status = PaymentStatus.OVERDUE
    customer.save()
    settings.BILLING_CONTACTS = {
        customer.office_country: {"email": "billing@example.test", "phone": "+46 8 1",
                                  "address": "Box 1, Stockholm"},
    }
    client.force_login(reporter)
    page = client.get(reverse("home")).content.decode()
    contact = page.split('id="billing-contact"')[1].split("</dl>")[0]
    assert "billing@example.test" in contact and "+46 8 1" in contact
    assert "Register a case" not in page.split('id="main"')[1].split('id="eligibility"')[0]


def test_anonymous_and_staff_get_the_welcome(client):
    welcome = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Welcome to the Customer Centre" in welcome
    client.force_login(StaffFactory())
    assert client.get(reverse("home")).status_code == 200


def test_dashboard_query_count_does_not_grow_with_cases(client, django_assert_max_num_queries, now):
    reporter = make_superuser(language="en")
    staff = StaffFactory()
    for n in range(12):
        case = register_case(reporter=reporter, subject=f"Case {n}", now=now)
        case_message_add(case=case, by=staff, body="Answer", now=now)
    client.force_login(reporter)
    client.get(reverse("home"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_what_is_new_in_the_faq_is_in_the_readers_language(client, now, language):
    from knowledgebase.models import Language
    from tests.factories import ArticleFactory

    ArticleFactory(question="Hur krediterar jag en faktura?", language=Language.SWEDISH)
    ArticleFactory(question="Miten hyvitän laskun?", language=Language.FINNISH)
    client.force_login(make_superuser(language=language))
    news = client.get(reverse("home")).content.decode().split('id="new-faq"')[1]
    assert ("Hur krediterar jag en faktura?" in news) == (language == "sv")
    assert ("Miten hyvitän laskun?" in news) == (language == "fi")
