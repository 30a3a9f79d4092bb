import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "email": "new.person@example.com", "first_name": "Nina", "last_name": "Nyberg",
    "phone": "", "language": "sv", "company_name": "", "customer_number": "",
    "password1": "Strong-and-long-42", "password2": "Strong-and-long-42",
}


def register(client, language="en", **changes):
    client.cookies["django_language"] = language
    return client.post(reverse("accounts:register"), {**GOOD, **changes})


def test_registration_logs_the_person_in_at_once(client):
    response = register(client)
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.customer is None  # a SuperUser only once staff give a seat
    assert AuditEntry.objects.filter(action="user.register", subject_id=str(user.pk)).exists()
    home = client.get(reverse("home"))
    assert "Nina" in home.content.decode()


def test_company_details_must_match_a_customer_and_are_kept_for_staff(client):
    customer = CustomerFactory(name="Elektro Nord AB", customer_number="10001")
    response = register(client, company_name="elektro nord ab", customer_number="10001")
    assert response.status_code == 302
    assert User.objects.get(email=GOOD["email"]).requested_customer == customer


@pytest.mark.parametrize(("language", "taken", "weak", "wrong_customer"), [
    ("en", "already exists", "too common", "found no customer"),
    ("sv", "finns redan", "för vanligt", "hittade ingen kund"),
    ("fi", "on jo olemassa", "liian yleinen", "löytänyt asiakasta"),
])
def test_bad_input_gets_clear_errors_in_each_language(client, language, taken, weak,
                                                       wrong_customer):
    UserFactory(email="taken@example.com")
    CustomerFactory(name="Real Company AB", customer_number="10001")
    response = register(client, language, email="taken@example.com",
                        password1="password123", password2="password123",
                        company_name="Some Other AB", customer_number="10001")
    assert response.status_code == 200
    page = response.content.decode()
    assert taken in page
    assert weak in page
    assert wrong_customer in page
    assert User.objects.filter(email="taken@example.com").count() == 1


def test_email_is_unique_regardless_of_case(client):
    UserFactory(email="taken@example.com")
    response = register(client, email="Taken@Example.COM")
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


def test_malformed_customer_number_is_explained(client):
    response = register(client, customer_number="12ab")
    assert "4 to 10 digits" in response.content.decode()
