"""Staff erase a person in two confirmed steps (or decline a request with a reason); the
user list offers the erasure for exactly one person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from privacy.models import ErasureRequest
from privacy.services import erasure_request
from tests.factories import WEDNESDAY_MORNING, make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_specialist(is_superuser=True))
    return client


@pytest.fixture
def person():
    person = make_superuser(email="eva.ek@elektronord.example", first_name="Eva")
    register_case(reporter=person, subject="Eva's question")
    return person


def test_erasure_takes_two_confirmed_steps(staff_client, person):
    url = reverse("admin:privacy_person_erase", args=[person.pk])
    preview = staff_client.get(url).content.decode()
    assert "eva.ek@elektronord.example" in preview and 'id="erasure-preview"' in preview
    # Step 1 without "I understand": nothing happens, the page says why.
    refused = staff_client.post(url, {"step": "1"})
    assert refused.status_code == 200 and refused.context["confirm"].errors
    second = staff_client.post(url, {"step": "1", "understood": "on"})
    assert second.context["final_step"] and 'name="email"' in second.content.decode()
    wrong = staff_client.post(url, {"step": "2", "email": "someone@else.example"})
    assert wrong.context["final"].errors
    assert User.objects.get(pk=person.pk).email == "eva.ek@elektronord.example"

    done = staff_client.post(url, {"step": "2", "email": "EVA.EK@elektronord.example"})

    erasure = ErasureRequest.objects.get(person=person)
    assert done.status_code == 302 and done["Location"].endswith(f"/{erasure.pk}/change/")
    assert erasure.status == "done" and not erasure.requested_by_person
    assert User.objects.get(pk=person.pk).email != "eva.ek@elektronord.example"
    # Nothing left to erase: the page says so instead of offering it again.
    assert staff_client.get(url).status_code == 302


def test_a_request_can_be_declined_with_a_reason_only(staff_client, person):
    request = erasure_request(person=person, now=WEDNESDAY_MORNING)
    url = reverse("admin:privacy_erasure_decline", args=[request.pk])
    page = staff_client.get(reverse("admin:privacy_erasurerequest_change", args=[request.pk]))
    assert url in page.content.decode()
    staff_client.post(url, {"reason": "  "})
    assert ErasureRequest.objects.get(pk=request.pk).status == "pending"
    staff_client.post(url, {"reason": "Open invoice dispute; kept until it is settled."})
    request.refresh_from_db()
    assert (request.status, request.reason) == ("declined",
                                                "Open invoice dispute; kept until it is settled.")


def test_a_specialist_without_the_permission_cannot_erase(client, person):
    client.force_login(make_specialist())
    response = client.post(reverse("admin:privacy_person_erase", args=[person.pk]),
                           {"step": "2", "email": person.email})
    assert response.status_code in (302, 403)
    assert User.objects.get(pk=person.pk).email == "eva.ek@elektronord.example"


def test_the_user_list_action_leads_to_the_erasure_of_one_person(staff_client, person):
    changelist = reverse("admin:accounts_user_changelist")
    response = staff_client.post(changelist, {"action": "personal_data_erase",
                                              "_selected_action": [person.pk]})
    assert response["Location"] == reverse("admin:privacy_person_erase", args=[person.pk])
    other = make_superuser()
    several = staff_client.post(changelist, {"action": "personal_data_erase",
                                             "_selected_action": [person.pk, other.pk]},
                                follow=True)
    assert "exactly one" in several.content.decode()


def test_the_person_reads_why_their_request_was_declined(staff_client, person, client):
    request = erasure_request(person=person, now=WEDNESDAY_MORNING)
    staff_client.post(reverse("admin:privacy_erasure_decline", args=[request.pk]),
                      {"reason": "Open invoice dispute."})
    client.force_login(person)
    page = client.get(reverse("privacy:overview")).content.decode()
    assert 'id="privacy-erasure-declined"' in page and "Open invoice dispute." in page
    assert 'id="privacy-erasure-form"' in page  # they may ask again
