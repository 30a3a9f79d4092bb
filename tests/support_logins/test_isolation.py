"""Every support-login URL that names an object: another customer's SuperUser gets a 404
(GET and POST), the owner gets the page. The builders are the ones proposed for
tests/tenancy/test_isolation.py's OBJECT_URLS."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from support_logins.models import SupportLoginGrant
from tests.factories import grant_support_login, make_superuser, register_case

pytestmark = pytest.mark.django_db


def _grant_case_kwargs(owner) -> dict:
    return {"number": register_case(reporter=owner).number}


def _support_login_kwargs(owner) -> dict:
    return {"pk": grant_support_login(by=owner, now=timezone.now()).pk}


OBJECT_URLS = {
    "support_logins:grant_create": ("post", _grant_case_kwargs),
    "support_logins:grant_revoke": ("post", _support_login_kwargs),
}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_another_customers_superuser_gets_404(client, name, method):
    _method, build = OBJECT_URLS[name]
    owner = make_superuser()
    url = reverse(name, kwargs=build(owner))
    client.force_login(make_superuser())
    data = {"body": "hi", "target": "closed", "preset": "8wh", "step": "confirm"}
    assert getattr(client, method)(url, data).status_code == 404
    # The intruder changed nothing.
    assert SupportLoginGrant.objects.filter(revoked_at__isnull=False).count() == 0
    assert SupportLoginGrant.objects.exclude(granted_by=owner).count() == 0
    client.force_login(owner)
    assert getattr(client, method)(url, {"body": "hi", "target": "closed"}).status_code in (200, 302)


def test_the_list_shows_only_the_own_customers_grants(client):
    mine = grant_support_login(now=timezone.now())
    theirs = grant_support_login(now=timezone.now())
    client.force_login(mine.granted_by)
    page = client.get(reverse("support_logins:grant_list")).content.decode()
    assert mine.case.number in page and theirs.case.number not in page
    assert f"/support-logins/{theirs.pk}/revoke/" not in page
