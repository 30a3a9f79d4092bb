"""The token pages: a person's API tokens, creating one (the secret shown once, only its
digest kept) and revoking one."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import PersonalAccessToken, Scope
from api.services import token_create
from api.tokens import token_digest
from audit.models import AuditEntry
from tests.factories import CustomerFactory, StaffFactory, UserFactory, make_superuser

pytestmark = pytest.mark.django_db

LIST = reverse("api_tokens:list")
CREATE = reverse("api_tokens:create")


def _issue(user, name="Integration", **fields):
    return token_create(user=user, name=name, scope=fields.pop("scope", Scope.READ),
                        expires_at=fields.pop("expires_at", None), now=timezone.now(), **fields)


def _row(page: str, token) -> str:
    start = page.index(f'<tr id="token-{token.pk}"')
    return page[start:page.index("</tr>", start)]


def _secret_on(page: str) -> str:
    match = re.search(r'id="token-secret"[^>]*value="([^"]+)"', page)
    assert match, "the created page shows the secret in the read-only field"
    return match.group(1)


def test_anonymous_is_sent_to_log_in(client):
    for response in (client.get(LIST), client.post(CREATE, {"name": "x"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not PersonalAccessToken.objects.exists()


def test_the_list_shows_only_my_own_tokens_newest_first(client):
    me, other = make_superuser(), make_superuser()
    older = _issue(me, name="Old exporter").token
    PersonalAccessToken.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(days=3))
    newer = _issue(me, name="Nightly sync", scope=Scope.WRITE).token
    theirs = _issue(other, name="Someone else's robot").token
    client.force_login(me)
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nightly sync" in page and "Old exporter" in page
    assert page.index("Nightly sync") < page.index("Old exporter")
    assert f"{newer.hint}…" in page and f"{older.hint}…" in page
    assert "Someone else" not in page and theirs.hint not in page
    assert "Read and write" in _row(page, newer) and "Read and write" not in _row(page, older)
    assert "Never used" in _row(page, newer) and "Active" in _row(page, newer)
    assert reverse("api_tokens:revoke", args=[newer.pk]) in _row(page, newer)
    assert 'id="token-create-form"' in page


def test_creating_shows_the_secret_once_and_keeps_only_its_digest(client):
    user = make_superuser()
    client.force_login(user)
    before = timezone.now()
    response = client.post(CREATE, {"name": "  Invoice robot ", "scope": Scope.WRITE,
                                    "expires": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    secret = _secret_on(page)
    assert "Copy it now: it is not shown again" in page
    assert f'curl -H "Authorization: Bearer {secret}" http://testserver/api/v1/cases/' in page

    token = PersonalAccessToken.objects.get(user=user)
    assert token.name == "Invoice robot"
    assert token.scope == Scope.WRITE
    assert token.digest == token_digest(secret)
    assert secret.startswith(token.hint) and len(token.hint) < len(secret)
    assert timedelta(days=29) < token.expires_at - before <= timedelta(days=30, minutes=1)
    for field in PersonalAccessToken._meta.concrete_fields:
        assert secret not in str(getattr(token, field.attname)), field.name
    assert AuditEntry.objects.filter(action="api_token.create", actor=user).exists()

    later = client.get(LIST)
    assert "Invoice robot" in later.content.decode()
    assert secret not in later.content.decode()
    assert secret not in str(dict(client.session))


def test_the_default_expiry_is_90_days_and_never_means_no_expiry(client):
    user = StaffFactory()
    client.force_login(user)
    page = client.get(LIST).content.decode()
    assert re.search(r'<option value="90"\s+selected', page)
    client.post(CREATE, {"name": "Staff script", "scope": Scope.READ, "expires": "never"})
    token = PersonalAccessToken.objects.get(user=user)
    assert token.expires_at is None and token.scope == Scope.READ


@pytest.mark.parametrize("make_person", [UserFactory, lambda: UserFactory(customer=CustomerFactory())],
                         ids=["no customer", "customer but no seat"])
def test_a_person_without_a_superuser_seat_is_refused(client, make_person):
    client.force_login(make_person())
    response = client.post(CREATE, {"name": "Sneaky", "scope": Scope.READ, "expires": "90"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Only SuperUsers of a customer and staff may create API tokens." in page
    assert 'id="token-secret"' not in page
    assert not PersonalAccessToken.objects.exists()


def test_an_invalid_form_is_shown_again_with_its_errors(client):
    user = make_superuser()
    client.force_login(user)
    response = client.post(CREATE, {"name": "   ", "scope": Scope.READ, "expires": "90"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert 'id="token-create-form"' in page and 'id="token-secret"' not in page
    assert client.post(CREATE, {"name": "x", "scope": "admin", "expires": "90"}).status_code == 400
    assert client.post(CREATE, {"name": "x", "scope": "read", "expires": "7"}).status_code == 400
    assert not PersonalAccessToken.objects.exists()


def test_the_services_limit_is_shown_on_the_form(client, monkeypatch):
    monkeypatch.setattr("api.services.MAX_ACTIVE_TOKENS", 1)
    user = make_superuser()
    _issue(user)
    client.force_login(user)
    response = client.post(CREATE, {"name": "Second", "scope": Scope.READ, "expires": "90"})
    assert response.status_code == 400
    assert "You have 1 active tokens; revoke one you no longer use first." in response.content.decode()
    assert PersonalAccessToken.objects.filter(user=user).count() == 1


def test_revoking_my_token(client):
    user = make_superuser()
    token = _issue(user, name="Old sync").token
    client.force_login(user)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]), follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = response.content.decode()
    assert "The token “Old sync” was revoked; it no longer works." in page
    assert "Revoked" in _row(page, token) and "Active" not in _row(page, token)
    assert reverse("api_tokens:revoke", args=[token.pk]) not in page  # no button any more
    assert AuditEntry.objects.filter(action="api_token.revoke", actor=user).exists()


def test_revoking_needs_a_post(client):
    user = make_superuser()
    token = _issue(user).token
    client.force_login(user)
    assert client.get(reverse("api_tokens:revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_persons_token_cannot_be_revoked(client):
    owner, intruder = make_superuser(), make_superuser()
    token = _issue(owner).token
    client.force_login(intruder)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEntry.objects.filter(action="api_token.revoke").exists()


def test_my_details_link_to_the_token_page(client):
    client.force_login(make_superuser())
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{LIST}"' in page


def test_staff_reach_their_token_page_from_the_admin(client):
    client.force_login(StaffFactory(is_superuser=True))
    page = client.get(reverse("admin:index")).content.decode()
    assert re.search(rf'<a href="{LIST}" id="staff-api-tokens">', page)
