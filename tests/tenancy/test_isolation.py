"""Tenant isolation: another customer's SuperUser gets 404 on every object URL, and lists,
searches and exports never show another customer's rows.

Every URL of the portal that takes an object id must be listed in OBJECT_URLS (or in
NOT_CUSTOMER_OWNED with the reason), so a new view cannot slip past this test.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cases.models import Attachment
from knowledgebase.models import Visibility
from tests.factories import ArticleFactory, grant_support_login, make_superuser, register_case

pytestmark = pytest.mark.django_db


def _case_kwargs(owner) -> dict:
    return {"number": register_case(reporter=owner).number}


def _order_with_estimate_kwargs(owner) -> dict:
    from decimal import Decimal

    from cases.services import case_estimate_give
    from cases.workflows import Category
    from tests.factories import StaffFactory

    order = register_case(reporter=owner, category=Category.ORDER)
    case_estimate_give(case=order, by=StaffFactory(), amount=Decimal("900"), text="Setup",
                       currency="SEK", now=timezone.now())
    return {"number": order.number}


def _question_kwargs(owner) -> dict:
    from cases.workflows import Category

    return {"number": register_case(reporter=owner, category=Category.SUPPORT_QUESTION).number}


def _closed_question_kwargs(owner, *, days_ago: int = 0) -> dict:
    import datetime as dt

    from cases.services import case_transition
    from cases.workflows import Category, State

    closed_at = timezone.now() - dt.timedelta(days=days_ago)
    case = register_case(reporter=owner, category=Category.SUPPORT_QUESTION, now=closed_at)
    case_transition(case=case, by=owner, target=State.CLOSED, now=closed_at)
    return {"number": case.number}


def _attachment_kwargs(owner) -> dict:
    register_case(reporter=owner,
                  attachments=[SimpleUploadedFile("a.txt", b"owner's secret")])
    return {"pk": Attachment.objects.latest("pk").pk}


def _support_login_kwargs(owner) -> dict:
    return {"pk": grant_support_login(by=owner, now=timezone.now()).pk}


def _module_article_kwargs(owner) -> dict:
    """An FAQ article only for customers of a module that only the owner's licence covers
    (public articles are meant for everyone and are not part of this test)."""
    module = owner.trainings.first().module
    return {"pk": ArticleFactory(visibility=Visibility.MODULE, module=module).pk}


# What the POST views need to do their work for the owner (each ignores the rest).
POST_DATA = {"body": "hi", "target": "closed", "helpful": "yes", "version": 1, "confirm": "on",
             "solved": "yes", "score": 4}

# URL name -> (HTTP method, builds an object owned by ``owner`` and returns URL kwargs)
def _licensed_download_kwargs(owner) -> dict:
    """A version file of a product that only the owner's licence module entitles to."""
    from tests.factories.downloads import ProductFactory, make_product_version

    product = ProductFactory(modules=[owner.trainings.first().module])
    return {"pk": make_product_version(product=product).pk}


def _training_booking_kwargs(owner) -> dict:
    from tests.factories.trainings import TrainingSessionFactory
    from trainings.services import training_book

    starts = timezone.now() + timezone.timedelta(days=7)
    session = TrainingSessionFactory(module=owner.trainings.first().module, starts_at=starts,
                                     ends_at=starts + timezone.timedelta(hours=3))
    return {"pk": training_book(session=session, user=owner, now=timezone.now()).pk}


def _release_kwargs(owner) -> dict:
    from tests.factories.academy import published_release

    return {"pk": published_release(owner.trainings.first().module).pk}


def _resource_file_kwargs(owner) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories.academy import ResourceFactory

    resource = ResourceFactory(module=owner.trainings.first().module, url="",
                               file=SimpleUploadedFile("guide.txt", b"how to"),
                               original_name="guide.txt", content_type="text/plain")
    return {"pk": resource.pk}


def _feed_token_kwargs(owner) -> dict:
    from academy.services import feed_token_create

    return {"pk": feed_token_create(user=owner, language="sv", now=timezone.now())[0].pk}


OBJECT_URLS: dict[str, tuple[str, Callable]] = {
    "cases:case_detail": ("get", _case_kwargs),
    "cases:case_reply": ("post", _case_kwargs),
    "cases:case_transition": ("post", _case_kwargs),
    "cases:estimate_accept": ("post", _order_with_estimate_kwargs),
    "cases:case_close_confirm": ("get", _question_kwargs),
    "cases:case_rating": ("post", _closed_question_kwargs),
    "cases:case_follow_up": ("get", lambda owner: _closed_question_kwargs(owner, days_ago=20)),
    "cases:attachment": ("get", _attachment_kwargs),
    "support_logins:grant_create": ("post", _case_kwargs),
    "support_logins:grant_revoke": ("post", _support_login_kwargs),
    "knowledgebase:article": ("get", _module_article_kwargs),
    "knowledgebase:vote": ("post", _module_article_kwargs),
    "downloads:file": ("get", _licensed_download_kwargs),
    "academy:release_detail": ("get", _release_kwargs),
    "academy:resource_download": ("get", _resource_file_kwargs),
    "academy:feed_token_revoke": ("post", _feed_token_kwargs),
    "trainings:booking_cancel": ("post", _training_booking_kwargs),
    "trainings:booking_ics": ("get", _training_booking_kwargs),
}
# Staff's pages about one person (their personal data): no SuperUser may open them, not
# even about themselves or a colleague; staff may.
STAFF_ONLY_URLS = ("privacy:person_overview", "privacy:person_export_json",
                   "privacy:person_export_zip")
# URLs with arguments that do not name a customer's object.
NOT_CUSTOMER_OWNED = {
    "accounts:password_reset_confirm": "a signed token, not an object",
    "academy:feed": "a secret token, not an object id (unknown or revoked: 404, "
                    "tests/academy/test_academy_feed.py)",
    "trainings:session_detail": "the vendor's training timetable, the same for every SuperUser",
    "api-case-detail": "API: walked with a token by tests/api/test_api_isolation.py",
    "api-case-reply": "API: walked with a token by tests/api/test_api_isolation.py",
    "api-attachment": "API: walked with a token by tests/api/test_api_isolation.py",
    "api-estimate-accept": "API: walked with a token by tests/api/test_api_isolation.py",
    "api-support-login-revoke": "API: walked with a token by tests/api/test_api_isolation.py",
    "api-support-login-grant": "API: walked with a token by tests/api/test_api_isolation.py",
    "api-faq-article": "API: walked with a token by tests/api/test_api_isolation.py",
    "api-staff-queue": "a staff queue's name, staff only (tests/api/test_api.py)",
    "api_tokens:revoke": "a person's own token, not the customer's: another person's is 404 "
                         "(tests/api/test_token_pages.py)",
    "trainings:session_book": "a session is the vendor's timetable; the booking is refused for "
                              "a module outside the person's licences",
}


def _named_patterns(resolver: URLResolver, namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # staff-only; admin has its own permission checks
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _named_patterns(entry, inner)
        elif entry.name and entry.pattern.converters:
            found.append((f"{namespace}{entry.name}", entry))
    return found


def test_every_object_url_is_covered():
    names = {name for name, _pattern in _named_patterns(get_resolver())}
    uncovered = names - set(OBJECT_URLS) - set(NOT_CUSTOMER_OWNED) - set(STAFF_ONLY_URLS)
    assert not uncovered, f"add these URLs to the isolation test: {sorted(uncovered)}"


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_another_customers_superuser_gets_404(client, name):
    method, build = OBJECT_URLS[name]
    owner = make_superuser()
    url = reverse(name, kwargs=build(owner))
    intruder = make_superuser()
    client.force_login(intruder)
    response = getattr(client, method)(url, POST_DATA)
    assert response.status_code == 404, f"{name} leaked to another customer"
    client.force_login(owner)
    assert getattr(client, method)(url, POST_DATA).status_code in (
        200, 302), f"{name} must work for its owner (else this test proves nothing)"


@pytest.mark.parametrize("name", STAFF_ONLY_URLS)
def test_staff_pages_about_a_person_are_404_for_every_superuser(client, name):
    from tests.factories import make_specialist

    person = make_superuser()
    colleague = make_superuser(licence=person.seats.get().licence)
    url = reverse(name, kwargs={"user_id": person.pk})
    for intruder in (make_superuser(), colleague, person):
        client.force_login(intruder)
        assert client.get(url).status_code == 404, f"{name} leaked to a SuperUser"
    client.force_login(make_specialist())
    assert client.get(url).status_code == 200, "staff must reach it (else this proves nothing)"


def test_lists_search_and_export_never_show_other_customers_cases(client):
    mine = register_case(subject="Mine: payroll")
    theirs = register_case(subject="Theirs: payroll")
    client.force_login(mine.reporter)
    for params in ({}, {"q": "payroll"}, {"q": theirs.number}, {"status": "open"},
                   {"category": "bug"}):
        page = client.get(reverse("cases:case_list"), params).content.decode()
        assert theirs.get_absolute_url() not in page and "Theirs" not in page
        export = client.get(reverse("cases:case_export"), params).content.decode("utf-8-sig")
        assert theirs.number not in export and "Theirs" not in export
    assert mine.get_absolute_url() in client.get(reverse("cases:case_list")).content.decode()
    assert mine.number in client.get(reverse("cases:case_export")).content.decode("utf-8-sig")
