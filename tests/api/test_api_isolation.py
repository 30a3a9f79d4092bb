"""Tenant isolation through the API exactly as through the portal: another customer's
object is a 404 on every API route that names one, and works for its owner."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import make_superuser, register_case

from .conftest import ApiClient, issue

pytestmark = pytest.mark.django_db


def _case(owner) -> dict:
    return {"number": register_case(reporter=owner).number}


def _attachment(owner) -> dict:
    from cases.services import case_message_add

    case = register_case(reporter=owner)
    from django.utils import timezone

    message = case_message_add(case=case, by=owner, body="log", now=timezone.now(),
                               attachments=[SimpleUploadedFile("log.txt", b"line 1\n",
                                                               content_type="text/plain")])
    return {"pk": message.attachments.get().pk}


def _order_waiting_for_a_yes(owner) -> dict:
    from decimal import Decimal

    from django.utils import timezone

    from cases.services import case_estimate_give
    from tests.factories import StaffFactory

    case = register_case(reporter=owner, category="order")
    case_estimate_give(case=case, by=StaffFactory(), amount=Decimal("4800.00"), currency="SEK",
                       text="Two hours of setup", now=timezone.now())
    return {"number": case.number}


def _grant(owner) -> dict:
    from django.utils import timezone

    from tests.factories.support_logins import grant_support_login

    return {"pk": grant_support_login(case=register_case(reporter=owner), by=owner,
                                      now=timezone.now()).pk}


def _module_article(owner) -> dict:
    from knowledgebase.models import Visibility
    from tests.factories.knowledgebase import ArticleFactory

    module = owner.trainings.first().module
    return {"pk": ArticleFactory(visibility=Visibility.MODULE, module=module).pk}


# name: (method, arguments for the owner's object, body for a POST)
API_OBJECT_URLS = {
    "api-case-detail": ("get", _case, None),
    "api-case-reply": ("post", _case, {"body": "Me too."}),
    "api-attachment": ("get", _attachment, None),
    "api-estimate-accept": ("post", _order_waiting_for_a_yes, {"version": 1}),
    "api-support-login-revoke": ("post", _grant, {}),
    "api-support-login-grant": ("post", _case, {"preset": "24h"}),
    "api-faq-article": ("get", _module_article, None),
}


# API routes whose argument names no customer's object.
API_NOT_CUSTOMER_OWNED = {
    "api-staff-queue": "a staff queue's name; staff only (403 for a SuperUser's token)",
}


def _api_patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _api_patterns(entry, route)
        elif route.startswith("api/v1/") and entry.pattern.converters:
            found.append((entry.name, entry))
    return found


def test_every_api_route_with_an_object_is_walked():
    names = {name for name, _pattern in _api_patterns(get_resolver())}
    assert names, "no API routes found: the walker is broken"
    walked = set(API_OBJECT_URLS) | set(API_NOT_CUSTOMER_OWNED)
    assert names == walked, f"walk these API routes too: {names - walked}"


@pytest.mark.parametrize("name", sorted(API_OBJECT_URLS))
def test_another_customers_token_gets_404(name):
    method, build, body = API_OBJECT_URLS[name]
    owner = make_superuser(language="en")
    url = reverse(name, kwargs=build(owner))
    intruder = ApiClient(issue().secret)
    response = getattr(intruder, method)(url, body) if body is not None else getattr(
        intruder, method)(url)
    assert response.status_code == 404, f"{name} leaked to another customer"
    assert response["Content-Type"] == "application/problem+json"
    own = ApiClient(issue(owner).secret)
    response = getattr(own, method)(url, body) if body is not None else getattr(own, method)(url)
    assert response.status_code in (200, 201), f"{name} must work for its owner"


def test_the_case_list_holds_only_the_tokens_customer():
    mine, theirs = make_superuser(language="en"), make_superuser(language="en")
    own_case, _other = register_case(reporter=mine), register_case(reporter=theirs)
    rows = ApiClient(issue(mine).secret).get("/api/v1/cases/").json()["results"]
    assert [row["number"] for row in rows] == [own_case.number]
