"""My details: the profile form, changing one's password, and the links to both."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from tests.factories import PASSWORD, UserFactory, make_superuser

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lingonberry-tractor-42"


def _change(client, old=PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post(reverse("accounts:password_change"), {
        "old_password": old, "new_password1": new, "new_password2": again or new},
        follow=True)


def test_profile_links_to_password_and_email_settings(client):
    client.force_login(make_superuser(language="en"))
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("accounts:password_change")}"' in page
    assert f'href="{reverse("accounts:notifications")}"' in page


def test_language_choice_offers_the_browsers_language_by_name(client):
    client.force_login(UserFactory(language=""))
    page = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="" selected>Browser&#x27;s language</option>' in page
    assert "---------" not in page


def test_password_change_keeps_me_signed_in_and_is_audited(client):
    user = UserFactory(language="en")
    client.force_login(user)
    response = _change(client)
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "Your password was changed." in response.content.decode()
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get(reverse("accounts:profile")).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="user.password_change")
    assert (entry.actor, entry.subject_id) == (user, str(user.pk))


def test_password_change_signs_out_my_other_sessions(client):
    user = UserFactory(language="en")
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)
    _change(client)
    response = other_device.get(reverse("accounts:profile"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_password_change_needs_the_old_password(client):
    user = UserFactory(language="en")
    client.force_login(user)
    response = _change(client, old="not-my-password")
    assert response.status_code == 200 and 'id="id_old_password"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="user.password_change").exists()


def test_password_change_applies_the_password_rules(client):
    user = UserFactory(language="en")
    client.force_login(user)
    _change(client, new="123")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_page_is_in_the_portal_layout(client):
    client.force_login(UserFactory(language="en"))
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert 'id="language-select"' in page and "Change password" in page


def test_password_change_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
