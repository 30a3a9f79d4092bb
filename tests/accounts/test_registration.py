"""Registration answers every valid form the same way ("check your email") and tells only
the address itself, by email, whether it has an account or the customer details match.
The account exists once the link in the confirmation email is opened."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import PendingRegistration, User
from audit.models import AuditEntry
from tests.factories import PASSWORD, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "email": "new.person@example.com", "first_name": "Nina", "last_name": "Nyberg",
    "phone": "", "language": "sv", "company_name": "", "customer_number": "",
    "password1": "Strong-and-long-42", "password2": "Strong-and-long-42",
}


def register(client, page_language="en", **changes):
    client.cookies["django_language"] = page_language
    return client.post(reverse("accounts:register"), {**GOOD, **changes})


def link_in(message) -> str:
    """The path and query of the portal link in a mail, for the test client."""
    url = next(word for word in message.body.split() if word.startswith(settings.PORTAL_URL))
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def confirm_link(message) -> str:
    link = link_in(message)
    assert link.startswith(reverse("accounts:register_confirm") + "?token=")
    return link


def without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b'name="csrfmiddlewaretoken"',
                  content)


# The flow ---------------------------------------------------------------------------------

def test_no_account_exists_until_the_link_is_opened_then_it_logs_the_person_in(client):
    response = register(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_sent")
    assert not User.objects.filter(email=GOOD["email"]).exists()
    assert "_auth_user_id" not in client.session
    assert "Check your email" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [GOOD["email"]]
    assert message.body.startswith("Hej!")  # the language chosen in the form: Swedish
    link = confirm_link(message)

    # Opening the link changes nothing yet: a mail service's link scanner cannot use it up.
    page = client.get(link)
    assert page.status_code == 200
    assert GOOD["email"] in page.content.decode()
    assert not User.objects.filter(email=GOOD["email"]).exists()

    done = client.post(link, {"token": page.context["form"]["token"].value(),
                              "password": GOOD["password1"]})
    assert done.status_code == 302 and done["Location"] == reverse("home")
    user = User.objects.get(email=GOOD["email"])
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.check_password(GOOD["password1"])
    assert (user.first_name, user.last_name, user.language) == ("Nina", "Nyberg", "sv")
    assert user.customer is None  # a SuperUser only once staff give a seat
    assert AuditEntry.objects.filter(action="user.register", subject_id=str(user.pk)).exists()
    assert not PendingRegistration.objects.exists()
    assert "Nina" in client.get(reverse("home")).content.decode()


def _confirm(client, link, password=GOOD["password1"]):
    token = link.split("token=", 1)[1]
    return client.post(link, {"token": token, "password": password})


def test_matching_company_details_are_kept_for_staff(client):
    customer = CustomerFactory(name="Elektro Nord AB", customer_number="10001")
    register(client, company_name="elektro nord ab", customer_number="10001")
    assert _confirm(client, confirm_link(mail.outbox[0])).status_code == 302
    user = User.objects.get(email=GOOD["email"])
    assert user.requested_customer == customer
    assert user.customer is None


def test_only_the_password_chosen_at_registration_finishes_it(client):
    """Someone who registers another person's address cannot have that person confirm an
    account whose password the registrant knows."""
    register(client)
    response = _confirm(client, confirm_link(mail.outbox[0]), password="Something-else-99")
    assert response.status_code == 200
    assert "not the password you chose" in response.content.decode()
    assert not User.objects.filter(email=GOOD["email"]).exists()
    assert "_auth_user_id" not in client.session


def test_the_link_expires_after_24_hours(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        register(client)
    link = confirm_link(mail.outbox[0])
    with time_machine.travel(start + dt.timedelta(hours=23, minutes=59), tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=24, minutes=1), tick=False):
        page = client.get(link)
        assert page.status_code == 400
        assert "no longer valid" in page.content.decode()
        assert _confirm(client, link).status_code == 400
    assert not User.objects.filter(email=GOOD["email"]).exists()
    assert "_auth_user_id" not in client.session


def test_the_link_works_once_and_a_forged_one_not_at_all(client):
    register(client)
    link = confirm_link(mail.outbox[0])
    assert _confirm(client, link).status_code == 302
    client.logout()
    assert client.get(link).status_code == 400
    assert _confirm(client, link).status_code == 400
    forged = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    assert client.get(forged).status_code == 400
    assert User.objects.filter(email=GOOD["email"]).count() == 1


def test_an_address_registered_twice_gets_one_account_from_either_link(client):
    register(client)
    register(client, password1="Other-strong-pass-77", password2="Other-strong-pass-77")
    first, second = (confirm_link(m) for m in mail.outbox)
    assert _confirm(client, second, password="Other-strong-pass-77").status_code == 302
    client.logout()
    assert _confirm(client, first).status_code == 400
    assert User.objects.get(email=GOOD["email"]).check_password("Other-strong-pass-77")


# The same answer whatever exists ------------------------------------------------------------

def _answer(**changes) -> tuple:
    """Everything the browser gets: the POST's answer and the page it leads to."""
    client = Client()
    posted = register(client, **changes)
    page = client.get(posted["Location"]) if posted.status_code == 302 else posted
    assert "_auth_user_id" not in client.session
    # Every answer carries its own request id (ops.requestid): the one header that must differ.
    headers = sorted((name, value) for name, value in posted.items() if name != "X-Request-ID")
    return (posted.status_code, headers, posted.content, sorted(posted.cookies),
            page.status_code, without_csrf(page.content), sorted(page.cookies))


def test_the_answer_is_byte_identical_for_an_existing_and_a_new_email():
    UserFactory(email="taken@example.com")
    new = _answer(email="someone.new@example.com")
    existing = _answer(email="taken@example.com")
    existing_other_case = _answer(email="Taken@Example.COM")
    assert new == existing == existing_other_case
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1
    assert not User.objects.filter(email="someone.new@example.com").exists()


def test_the_answer_is_byte_identical_for_right_and_wrong_customer_details():
    CustomerFactory(name="Real Company AB", customer_number="10001")
    right = _answer(email="a@example.com", company_name="Real Company AB", customer_number="10001")
    wrong_name = _answer(email="b@example.com", company_name="Other AB", customer_number="10001")
    no_such_number = _answer(email="c@example.com", company_name="Real Company AB",
                             customer_number="99999")
    assert right == wrong_name == no_such_number
    assert not User.objects.exists()


def test_every_branch_hashes_the_password_and_sends_one_mail():
    """The same work in each branch, so the time taken does not tell them apart either."""
    UserFactory(email="taken@example.com")
    CustomerFactory(name="Real Company AB", customer_number="10001")
    branches = [{"email": "fresh@example.com"}, {"email": "taken@example.com"},
                {"email": "wrong@example.com", "company_name": "X AB", "customer_number": "10001"}]
    for changes in branches:
        mail.outbox.clear()
        with mock.patch.object(services, "make_password", wraps=services.make_password) as hashed:
            register(Client(), **changes)
        assert hashed.call_count == 1, changes
        assert len(mail.outbox) == 1, changes


# What the mails say ---------------------------------------------------------------------------

def test_the_owner_of_an_existing_address_is_told_someone_tried(client):
    owner = UserFactory(email="taken@example.com", language="fi")
    register(client, "en", email="Taken@Example.COM", password1="Attacker-pass-123",
             password2="Attacker-pass-123")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["taken@example.com"]
    assert message.body.startswith("Hei!")  # the owner's language, not the page's
    assert settings.PORTAL_URL + reverse("accounts:login") in message.body
    assert "/accounts/reset/" in message.body
    assert not PendingRegistration.objects.exists()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    # The reset link in it works.
    reset = client.get(link_in_matching(message, "/accounts/reset/"), follow=True)
    assert reset.context["validlink"]


def link_in_matching(message, fragment: str) -> str:
    url = next(word for word in message.body.split() if fragment in word)
    return urlsplit(url).path


def test_wrong_customer_details_are_told_by_mail_only(client):
    CustomerFactory(name="Real Company AB", customer_number="10001")
    response = register(client, "fi", language="", company_name="Some Other AB",
                        customer_number="10001")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [GOOD["email"]]
    assert message.body.startswith("Hei!")  # no language chosen: the page's
    assert settings.PORTAL_URL + reverse("contact") in message.body
    assert "token=" not in message.body
    assert not PendingRegistration.objects.exists()
    assert not User.objects.filter(email=GOOD["email"]).exists()


def test_mails_to_one_address_are_limited_per_hour(client):
    UserFactory(email="victim@example.com")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        answers = {register(Client(), email="victim@example.com")["Location"]
                   for _ in range(services.REGISTRATION_MAILS_PER_HOUR + 3)}
        assert answers == {reverse("accounts:register_sent")}  # the same answer, mail or not
        assert len(mail.outbox) == services.REGISTRATION_MAILS_PER_HOUR
        register(Client(), email="someone.else@example.com")
        assert mail.outbox[-1].to == ["someone.else@example.com"]
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        register(Client(), email="VICTIM@example.com")
        assert mail.outbox[-1].to == ["victim@example.com"]
        assert len(mail.outbox) == services.REGISTRATION_MAILS_PER_HOUR + 2


def test_stale_pending_registrations_are_cleared(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        register(client)
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        register(client, email="later@example.com")
    assert list(PendingRegistration.objects.values_list("email", flat=True)) == [
        "later@example.com"]


# Errors that do not depend on stored data still show on the form --------------------------------

@pytest.mark.parametrize(("language", "weak"), [
    ("en", "too common"), ("sv", "för vanligt"), ("fi", "liian yleinen"),
])
def test_a_weak_password_is_explained_in_each_language(client, language, weak):
    response = register(client, language, language=language, password1="password123", password2="password123")
    assert response.status_code == 200
    assert weak in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(("changes", "message"), [
    ({"password2": "Strong-and-long-43"}, "didn’t match"),
    ({"email": "not-an-email"}, "valid email address"),
    ({"first_name": ""}, "This field is required"),
    ({"customer_number": "12ab"}, "4 to 10 digits"),
    ({"customer_number": "10001", "company_name": ""}, "company name as well"),
])
def test_input_errors_re_render_the_form_and_send_nothing(client, changes, message):
    response = register(client, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert mail.outbox == []
    assert not PendingRegistration.objects.exists()


def test_a_logged_in_person_is_sent_home(client):
    client.force_login(UserFactory())
    assert register(client)["Location"] == reverse("home")
    assert mail.outbox == []


# Every new page and mail is translated ----------------------------------------------------------

def translated(message: str, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        text = translation.gettext(message)
    assert text != message, f"no {language} translation of {message!r}: run compilemessages"
    return text


SENT = ("We have sent a message to the address you gave. Open the link in it within 24 hours "
        "to confirm the address and finish creating your account.")


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_the_pages_and_mails_are_in_the_persons_language(client, language):
    UserFactory(email="taken@example.com", language=language)
    CustomerFactory(name="Real Company AB", customer_number="10001")
    register(client, language, language="")
    register(client, language, email="taken@example.com")
    register(client, language, language="", email="x@example.com", company_name="X AB",
             customer_number="10001")
    assert translated(SENT, language) in client.get(reverse("accounts:register_sent")).content.decode()
    subjects = [translated(s, language) for s in (
        "Confirm your email address for the Customer Centre",
        "Someone tried to create a Customer Centre account with your address",
        "Your Customer Centre registration: we could not match the customer details")]
    assert [m.subject for m in mail.outbox] == subjects
    page = client.get(confirm_link(mail.outbox[0])).content.decode()
    assert translated("Confirm your account", language) in page
    assert translated("Confirm and log in", language) in page
