"""The REST API: tokens, scopes, errors as problem details, idempotent registration, rate
limits, ETags, and the same rules as the portal."""

import datetime as dt

import pytest
from django.utils import timezone

from api.models import PersonalAccessToken, Scope
from api.services import token_revoke
from api.tokens import token_digest
from cases.models import Case
from tests.factories import register_case

from .conftest import ApiClient, issue

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"


def _registration(user, **extra):
    return {"module": user.trainings.first().module_id, "category": "support",
            "subject": "Payslips do not print", "description": "Since this morning.", **extra}


def test_only_the_digest_of_a_token_is_stored(issued):
    token = PersonalAccessToken.objects.get()
    stored = [str(getattr(token, field.attname)) for field in token._meta.concrete_fields]
    assert issued.secret not in " ".join(stored)
    assert token.digest == token_digest(issued.secret)
    assert issued.secret.startswith(token.hint)


def test_a_token_reads_its_owners_cases(api, issued):
    case = register_case(reporter=issued.token.user, subject="Export stops")
    response = api.get(CASES)
    assert response.status_code == 200
    assert [row["number"] for row in response.json()["results"]] == [case.number]
    assert response.json()["results"][0]["state_name"]
    assert PersonalAccessToken.objects.get().last_used_at is not None


def test_a_revoked_token_is_refused_on_its_next_use(api, issued):
    assert api.get(CASES).status_code == 200
    token_revoke(token=issued.token, by=issued.token.user, now=timezone.now())
    response = api.get(CASES)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "The token has been revoked."
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_refused():
    issued = issue(expires_at=timezone.now() + dt.timedelta(hours=1))
    PersonalAccessToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = ApiClient(issued.secret).get(CASES)
    assert response.status_code == 401
    assert response.json()["detail"] == "The token has expired."


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer kc_not-a-real-token-at-all-0123456789",
                                    "Token abc"])
def test_no_or_a_wrong_token_is_refused(client, header):
    response = client.get(CASES, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_a_read_token_cannot_register():
    issued = issue(scope=Scope.READ)
    api = ApiClient(issued.secret)
    response = api.post(CASES, _registration(issued.token.user))
    assert response.status_code == 403
    assert "read-and-write" in response.json()["detail"]
    assert not Case.objects.exists()


def test_registering_makes_one_case_however_often_it_is_retried(api, issued):
    user = issued.token.user
    first = api.post(CASES, _registration(user), HTTP_IDEMPOTENCY_KEY="erp-4711")
    again = api.post(CASES, _registration(user), HTTP_IDEMPOTENCY_KEY="erp-4711")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["number"] == again.json()["number"]
    assert Case.objects.count() == 1
    assert Case.objects.get().channel == "api"
    other = api.post(CASES, _registration(user, subject="Another"),
                     HTTP_IDEMPOTENCY_KEY="erp-4711")
    assert other.status_code == 409
    assert api.post(CASES, _registration(user)).status_code == 201  # no key: a new case
    assert Case.objects.count() == 2


def test_bad_input_gets_the_portals_reasons_per_field(api, issued):
    response = api.post(CASES, {"module": 999999, "category": "nonsense", "subject": ""},
                        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    problem = response.json()
    assert problem["title"] and problem["status"] == 400
    assert {"module", "category", "subject", "description"} <= set(problem["errors"])
    assert not Case.objects.exists()


def test_problem_details_are_in_the_readers_language(api):
    response = api.get(CASES + "2026-999999/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 404
    assert response.json()["title"] != "Not found"


def test_a_reply_goes_into_the_conversation(api, issued):
    case = register_case(reporter=issued.token.user)
    response = api.post(f"{CASES}{case.number}/replies/", {"body": "Here is more."})
    assert response.status_code == 201
    assert [m["body"] for m in response.json()["messages"]][-1] == "Here is more."


def test_reads_carry_an_etag_and_answer_304_while_unchanged(api, issued):
    register_case(reporter=issued.token.user)
    first = api.get(CASES)
    assert first["ETag"]
    assert api.get(CASES, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    register_case(reporter=issued.token.user, subject="A new one")
    assert api.get(CASES, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_each_token_has_its_own_rate_limit(settings, issued):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"token": "3/min", "anonymous": "3/min"}}
    busy = ApiClient(issued.secret)
    assert [busy.get(CASES).status_code for _ in range(4)] == [200, 200, 200, 429]
    limited = busy.get(CASES)
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["status"] == 429
    second = issue(issued.token.user)
    assert ApiClient(second.secret).get(CASES).status_code == 200


def test_opening_hours_are_public(client):
    response = client.get("/api/v1/offices/")
    assert response.status_code == 200
    assert {office["office"] for office in response.json()} >= {"SE", "FI"}
    assert all(len(office["weekly_hours"]) == 7 for office in response.json())


def test_the_schema_and_its_reference_page_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200


def test_the_sla_summary_counts_the_companys_own_bugs(api, issued):
    register_case(reporter=issued.token.user, service_level=2)
    register_case(service_level=2)  # another customer's
    rows = api.get("/api/v1/sla-summary/").json()
    assert sum(row["bugs"] for row in rows) == 1


def test_the_faq_search_finds_what_the_person_may_read(api):
    from tests.factories.knowledgebase import ArticleFactory

    ArticleFactory(question="How do I print payslips?", answer="Use the print menu.",
                   language="en")
    response = api.get("/api/v1/faq/", {"q": "payslips", "language": "en"})
    assert response.status_code == 200
    assert [row["question"] for row in response.json()] == ["How do I print payslips?"]
    assert api.get("/api/v1/faq/").status_code == 400  # the words are required


def test_the_unread_release_count_is_the_navigations(api, issued):
    from tests.factories.academy import published_release

    assert api.get("/api/v1/releases/unread/").json() == {"unread": 0}
    published_release(issued.token.user.trainings.first().module)
    assert api.get("/api/v1/releases/unread/").json() == {"unread": 1}


def test_accepting_the_estimate_names_its_version(api, issued):
    from decimal import Decimal

    from cases.services import case_estimate_give
    from tests.factories import StaffFactory

    case = register_case(reporter=issued.token.user, category="order")
    case_estimate_give(case=case, by=StaffFactory(), amount=Decimal("4800.00"), currency="SEK",
                       text="Setup", now=timezone.now())
    shown = api.get(f"{CASES}{case.number}/").json()["estimate"]
    assert shown["version"] == 1 and shown["accepted_at"] is None
    stale = api.post(f"{CASES}{case.number}/estimate/accept/", {"version": 2})
    assert stale.status_code == 422
    accepted = api.post(f"{CASES}{case.number}/estimate/accept/", {"version": 1})
    assert accepted.status_code == 200
    assert accepted.json()["estimate"]["accepted_at"]


def test_a_support_login_is_listed_and_taken_back(api, issued):
    from tests.factories.support_logins import grant_support_login

    user = issued.token.user
    grant = grant_support_login(case=register_case(reporter=user), by=user, now=timezone.now())
    listed = api.get("/api/v1/support-logins/").json()
    assert [(row["id"], row["active"]) for row in listed] == [(grant.pk, True)]
    revoked = api.post(f"/api/v1/support-logins/{grant.pk}/revoke/", {})
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_a_support_login_is_granted_for_a_preset(api, issued):
    case = register_case(reporter=issued.token.user)
    response = api.post(f"{CASES}{case.number}/support-logins/", {"preset": "24h",
                                                                  "reason": "Payroll run"})
    assert response.status_code == 201
    assert response.json()["active"] is True and response.json()["case"] == case.number
    refused = api.post(f"{CASES}{case.number}/support-logins/", {"preset": "1y"})
    assert refused.status_code == 400 and "preset" in refused.json()["errors"]


def test_release_notes_and_faq_articles_are_read_as_on_the_portal(api, issued):
    from tests.factories.academy import published_release
    from tests.factories.knowledgebase import ArticleFactory

    module = issued.token.user.trainings.first().module
    release = published_release(module, version="2026.50", languages=("en",), body="News")
    listed = api.get("/api/v1/releases/").json()
    assert [(row["version"], row["unread"]) for row in listed] == [("2026.50", True)]
    assert listed[0]["sections"][0]["body"] == "News (en)"
    assert release.pk == listed[0]["id"]
    article = ArticleFactory(question="Where is the VAT report?", language="en")
    assert api.get(f"/api/v1/faq/{article.pk}/").json()["question"] == "Where is the VAT report?"


def test_refusals_outside_the_views_are_problem_documents_too(api):
    unknown = api.get("/api/v1/no-such-thing/")
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/problem+json"
    assert unknown.json()["status"] == 404
    hostile = api.get(CASES, {"q": "a\x00b"})
    assert hostile.status_code == 400
    assert hostile["Content-Type"] == "application/problem+json"
    assert hostile.json()["detail"]


@pytest.mark.parametrize("body", [[1, 2], "text", 7])
def test_a_json_body_that_is_no_object_is_a_400_problem(api, issued, body):
    case = register_case(reporter=issued.token.user)
    for path in (CASES, f"{CASES}{case.number}/replies/"):
        response = api.post(path, body)
        assert response.status_code == 400, path
        assert response["Content-Type"] == "application/problem+json"
    assert Case.objects.count() == 1


def test_a_staff_token_reads_the_queues_with_the_staff_rules():
    from tests.factories import make_specialist

    specialist = make_specialist(support_team="crafts")
    crafts = register_case(reporter=make_superuser_of_team("crafts"))
    register_case(reporter=make_superuser_of_team("trade"))  # another team's
    staff = ApiClient(issue(specialist, scope=Scope.READ).secret)
    queues = {row["queue"]: row["count"] for row in staff.get("/api/v1/staff/queues/").json()}
    assert queues["unassigned"] == 1
    rows = staff.get("/api/v1/staff/queues/unassigned/").json()["results"]
    assert [row["number"] for row in rows] == [crafts.number]
    assert staff.get("/api/v1/staff/queues/nonsense/").status_code == 404


def test_a_superusers_token_cannot_read_the_staff_queues(api):
    response = api.get("/api/v1/staff/queues/")
    assert response.status_code == 403
    assert response.json()["detail"] == "These endpoints are for the customer centre's staff."


def test_a_staff_token_is_not_a_customers(issued):
    from tests.factories import make_specialist

    staff = ApiClient(issue(make_specialist()).secret)
    assert staff.get(CASES).status_code == 403


def make_superuser_of_team(team: str):
    from customers.teams import Industry, support_team_for
    from tests.factories import LicenceFactory, make_superuser

    industry = next(i for i in Industry if support_team_for(i) == team)
    return make_superuser(licence=LicenceFactory(customer__industry=industry), language="en")


def test_the_terms_of_a_grant_are_shown_before_it_is_made_and_kept(api, issued):
    import time_machine

    case = register_case(reporter=issued.token.user)
    monday_morning = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)  # 10:00 in Stockholm
    with time_machine.travel(monday_morning, tick=False):
        terms = {row["preset"]: row for row in api.get(f"{CASES}{case.number}/support-logins/").json()}
        assert "72h" not in terms, "72 hours is offered on Fridays only"
        shown = terms["24h"]["expires_at"]
        granted = api.post(f"{CASES}{case.number}/support-logins/",
                           {"preset": "24h", "expires_at": shown})
    assert granted.status_code == 201
    assert granted.json()["expires_at"] == shown


def test_a_grant_whose_end_moved_since_it_was_shown_is_not_made(api, issued):
    import time_machine

    from support_logins.models import SupportLoginGrant

    case = register_case(reporter=issued.token.user)
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC), tick=False):
        shown = next(row["expires_at"] for row in api.get(f"{CASES}{case.number}/support-logins/").json()
                     if row["preset"] == "8wh")
    with time_machine.travel(dt.datetime(2026, 12, 7, 13, 0, tzinfo=dt.UTC), tick=False):
        refused = api.post(f"{CASES}{case.number}/support-logins/",
                           {"preset": "8wh", "expires_at": shown})
    assert refused.status_code == 422
    assert "has moved since" in refused.json()["detail"]
    assert not SupportLoginGrant.objects.exists()
