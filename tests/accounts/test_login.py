import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEntry
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password):
    client.cookies["django_language"] = "en"
    return client.post(reverse("accounts:login"), {"username": email, "password": password},
                       REMOTE_ADDR="10.0.0.7")


def test_login_and_logout_are_audited(client):
    user = UserFactory()
    assert login(client, user.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    actions = set(AuditEntry.objects.filter(subject_id=str(user.pk)).values_list("action", flat=True))
    assert {"user.login", "user.logout"} <= actions


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        response = login(client, user.email, "wrong-password")
    assert response.status_code in (200, 429)
    locked = login(client, user.email, PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed login attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_says_so_without_revealing_which_part(client):
    user = UserFactory()
    response = login(client, user.email, "wrong-password")
    assert response.status_code == 200
    assert "correct email address and password" in response.content.decode()


def test_password_reset_mail_is_in_the_recipients_language(client):
    UserFactory(email="fi.person@example.com", language="fi")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("accounts:password_reset"), {"email": "fi.person@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fi.person@example.com"]
    assert "/accounts/reset/" in message.body
    assert "salasana" in (message.subject + message.body).lower()


def test_password_reset_link_sets_a_new_password(client):
    user = UserFactory(email="reset@example.com")
    client.post(reverse("accounts:password_reset"), {"email": "reset@example.com"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    new_password = "Another-strong-pass-77"
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
