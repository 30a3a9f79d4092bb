"""After delivery: a reply within the reopening window reopens the case into its
workflow's state (logged), after the window it is refused and a follow-up case is the way
on; the customer rates a resolved case once, changeable while the window is open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from cases import services
from cases.models import Case, CaseEvent, CaseRating, Message
from cases.rules import reopen_window_is_open
from cases.workflows import Category, State, reopen_target
from customers.models import PaymentStatus
from tests.factories import (
    WEDNESDAY_MORNING,
    StaffFactory,
    make_superuser,
    register_case,
    register_delivered_case,
)

DELIVERED = WEDNESDAY_MORNING
WINDOW = dt.timedelta(days=14)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- The window, as a rule ---------------------------------------------------------------

@pytest.mark.parametrize(("after", "is_open"), [
    (dt.timedelta(0), True),
    (WINDOW - dt.timedelta(seconds=1), True),
    (WINDOW, False),
    (WINDOW + dt.timedelta(days=1), False),
    (-dt.timedelta(seconds=1), False),  # a clock before the resolution is no reason to reopen
])
def test_the_window_opens_at_resolution_and_ends_after_its_days(after, is_open):
    assert reopen_window_is_open(resolved_at=DELIVERED, now=DELIVERED + after,
                                 window=WINDOW) is is_open


def test_an_unresolved_case_has_no_window():
    assert not reopen_window_is_open(resolved_at=None, now=DELIVERED, window=WINDOW)


@pytest.mark.parametrize(("category", "resolved_from", "target"), [
    (Category.SUPPORT_QUESTION, State.FIRST_LINE, State.FIRST_LINE),
    (Category.SUPPORT_QUESTION, State.SECOND_LINE, State.FIRST_LINE),
    (Category.ORDER, State.DELIVERED, State.WORK),
    (Category.WISH, State.DELIVERED, State.PLANNED),
    (Category.SOFTWARE_BUG, State.DELIVERED, State.ASSESSED),
    # Closed before delivery: back to the start, never past the estimate or the council.
    (Category.ORDER, State.COST_ESTIMATE, State.RECEIVED),
    (Category.WISH, State.PRODUCT_COUNCIL, State.RECEIVED),
    (Category.SOFTWARE_BUG, State.NEW, State.NEW),
])
def test_reopen_targets_per_workflow(category, resolved_from, target):
    assert reopen_target(category, resolved_from=resolved_from) == target


# --- Reopening by reply ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("category", "target"), [
    (Category.SUPPORT_QUESTION, State.FIRST_LINE),
    (Category.ORDER, State.WORK),
    (Category.WISH, State.PLANNED),
    (Category.SOFTWARE_BUG, State.ASSESSED),
])
def test_a_reply_within_the_window_reopens_into_the_workflows_state(category, target):
    case = register_delivered_case(category=category, delivered_at=DELIVERED)
    resolved = case.state
    message = services.case_message_add(case=case, by=case.reporter, body="Still broken",
                                        now=DELIVERED + WINDOW - dt.timedelta(minutes=1))
    case.refresh_from_db()
    assert case.state == target
    assert case.resolved_at is None and case.closed_at is None
    reopened = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.REOPENED)
    assert (reopened.from_state, reopened.to_state, reopened.actor) == (
        resolved, target, case.reporter)
    assert reopened.details == {"reason": "customer_reply", "message_id": message.pk}


@pytest.mark.django_db
def test_a_delivered_order_the_customer_closed_still_reopens_into_work():
    case = register_delivered_case(category=Category.ORDER, delivered_at=DELIVERED)
    services.case_transition(case=case, by=case.reporter, target=State.CLOSED,
                             now=DELIVERED + dt.timedelta(days=2))
    services.case_message_add(case=case, by=case.reporter, body="It broke again",
                              now=DELIVERED + dt.timedelta(days=3))
    case.refresh_from_db()
    assert case.state == State.WORK


@pytest.mark.django_db
def test_an_order_declined_at_the_estimate_reopens_at_received_not_in_work():
    order = register_case(category=Category.ORDER, now=DELIVERED)
    services.case_transition(case=order, by=order.reporter, target=State.CLOSED, now=DELIVERED)
    services.case_message_add(case=order, by=order.reporter, body="We want it after all",
                              now=DELIVERED + dt.timedelta(days=1))
    order.refresh_from_db()
    assert order.state == State.RECEIVED


@pytest.mark.django_db
@pytest.mark.parametrize("category", [Category.SUPPORT_QUESTION, Category.SOFTWARE_BUG])
def test_after_the_window_a_reply_is_refused_and_nothing_is_written(category):
    case = register_delivered_case(category=category, delivered_at=DELIVERED)
    resolved = case.state
    with pytest.raises(ValidationError) as refused:
        services.case_message_add(case=case, by=case.reporter, body="Still broken",
                                  now=DELIVERED + WINDOW)
    assert refused.value.code == "reopen_window_passed"
    assert "14 days" in refused.value.messages[0]
    case.refresh_from_db()
    assert case.state == resolved
    assert not Message.objects.filter(case=case, body="Still broken").exists()
    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.REOPENED).exists()


@pytest.mark.django_db
def test_the_window_is_a_setting(settings):
    settings.CASE_REOPEN_WINDOW_DAYS = 3
    case = register_delivered_case(category=Category.WISH, delivered_at=DELIVERED)
    with pytest.raises(ValidationError):
        services.case_message_add(case=case, by=case.reporter, body="late",
                                  now=DELIVERED + dt.timedelta(days=3))


@pytest.mark.django_db
def test_a_staff_reply_never_reopens():
    case = register_delivered_case(category=Category.SOFTWARE_BUG, delivered_at=DELIVERED)
    services.case_message_add(case=case, by=StaffFactory(), body="Glad it works",
                              now=DELIVERED + dt.timedelta(days=1))
    case.refresh_from_db()
    assert case.state == State.DELIVERED


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["overdue", "inactive"])
def test_a_customer_without_a_right_to_support_neither_reopens_nor_rates(how):
    case = register_delivered_case(category=Category.SOFTWARE_BUG, delivered_at=DELIVERED)
    customer = case.customer
    if how == "overdue":
        customer.payment_status = PaymentStatus.OVERDUE
    else:
        customer.is_active = False
    customer.save()
    soon = DELIVERED + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.case_message_add(case=case, by=case.reporter, body="again", now=soon)
    with pytest.raises(ValidationError):
        services.case_rating_give(case=case, by=case.reporter, solved=False, score=1, now=soon)
    case.refresh_from_db()
    assert case.state == State.DELIVERED and not CaseRating.objects.exists()


@pytest.mark.django_db
def test_the_next_delivery_after_a_reopening_starts_a_new_window():
    case = register_delivered_case(category=Category.SOFTWARE_BUG, delivered_at=DELIVERED)
    services.case_message_add(case=case, by=case.reporter, body="again",
                              now=DELIVERED + dt.timedelta(days=13))
    staff = StaffFactory()
    redelivered = DELIVERED + dt.timedelta(days=20)
    for state in (State.PLANNED, State.DELIVERED):
        services.case_transition(case=case, by=staff, target=state, now=redelivered)
    services.case_message_add(case=case, by=case.reporter, body="and again",
                              now=redelivered + dt.timedelta(days=13))
    case.refresh_from_db()
    assert case.state == State.ASSESSED
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.REOPENED).count() == 2


# --- Rating ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_one_rating_per_case_changed_within_the_window():
    case = register_delivered_case(category=Category.ORDER, delivered_at=DELIVERED)
    services.case_rating_give(case=case, by=case.reporter, solved=False, score=2,
                              comment="Half done", now=DELIVERED + dt.timedelta(days=1))
    changed_at = DELIVERED + dt.timedelta(days=2)
    services.case_rating_give(case=case, by=case.reporter, solved=True, score=5,
                              now=changed_at)
    rating = CaseRating.objects.get(case=case)
    assert (rating.solved, rating.score, rating.comment) == (True, 5, "")
    assert rating.rated_at == DELIVERED + dt.timedelta(days=1) and rating.updated_at == changed_at
    events = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.RATED).order_by("pk")
    assert [e.details for e in events] == [
        {"solved": False, "score": 2, "changed": False},
        {"solved": True, "score": 5, "changed": True}]


@pytest.mark.django_db
def test_rating_after_the_window_or_before_delivery_is_refused():
    case = register_delivered_case(category=Category.WISH, delivered_at=DELIVERED)
    services.case_rating_give(case=case, by=case.reporter, solved=True, score=4,
                              now=DELIVERED)
    with pytest.raises(ValidationError) as late:
        services.case_rating_give(case=case, by=case.reporter, solved=False, score=1,
                                  now=DELIVERED + WINDOW)
    assert late.value.code == "rating_window_passed"
    assert CaseRating.objects.get(case=case).score == 4
    open_case = register_case(reporter=case.reporter, category=Category.WISH, now=DELIVERED)
    with pytest.raises(ValidationError) as early:
        services.case_rating_give(case=open_case, by=case.reporter, solved=True, score=5,
                                  now=DELIVERED)
    assert early.value.code == "not_resolved"


@pytest.mark.django_db
def test_only_the_customer_rates_and_only_their_own_case():
    case = register_delivered_case(category=Category.WISH, delivered_at=DELIVERED)
    for someone in (StaffFactory(), make_superuser()):
        with pytest.raises(PermissionDenied):
            services.case_rating_give(case=case, by=someone, solved=True, score=5,
                                      now=DELIVERED)
    assert not CaseRating.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("score", [0, 6])
def test_a_score_outside_1_to_5_is_refused(score):
    case = register_delivered_case(category=Category.WISH, delivered_at=DELIVERED)
    with pytest.raises(ValidationError):
        services.case_rating_give(case=case, by=case.reporter, solved=True, score=score,
                                  now=DELIVERED)


# --- Follow-up cases ---------------------------------------------------------------------

def _follow_up(original: Case, *, now: dt.datetime) -> Case:
    return services.case_register(
        reporter=original.reporter, module=original.module, category=original.category,
        subject="Follow-up", description="It is back.", service_level=original.service_level,
        follow_up_of=original, now=now)


@pytest.mark.django_db
def test_a_follow_up_after_the_window_is_linked_and_logged_on_the_original():
    original = register_delivered_case(category=Category.SOFTWARE_BUG, delivered_at=DELIVERED)
    follow_up = _follow_up(original, now=DELIVERED + WINDOW)
    assert follow_up.follow_up_of == original
    assert list(original.follow_ups.all()) == [follow_up]
    event = CaseEvent.objects.get(case=original, kind=CaseEvent.Kind.FOLLOW_UP_REGISTERED)
    assert event.details == {"number": follow_up.number}
    original.refresh_from_db()
    assert original.state == State.DELIVERED


@pytest.mark.django_db
def test_no_follow_up_while_a_reply_still_reopens_or_of_an_open_case():
    original = register_delivered_case(category=Category.SOFTWARE_BUG, delivered_at=DELIVERED)
    with pytest.raises(ValidationError) as early:
        _follow_up(original, now=DELIVERED + WINDOW - dt.timedelta(seconds=1))
    assert early.value.code == "reopen_window_open"
    open_case = register_case(reporter=original.reporter, now=DELIVERED)
    with pytest.raises(ValidationError) as still_open:
        _follow_up(open_case, now=DELIVERED + WINDOW)
    assert still_open.value.code == "not_resolved"
    assert not Case.objects.filter(follow_up_of__isnull=False).exists()


@pytest.mark.django_db
def test_no_follow_up_of_another_customers_case():
    theirs = register_delivered_case(category=Category.SOFTWARE_BUG, delivered_at=DELIVERED)
    me = make_superuser()
    with pytest.raises(PermissionDenied):
        services.case_register(reporter=me, module=me.trainings.first().module,
                               category=Category.SOFTWARE_BUG, subject="x", description="y",
                               service_level=3, follow_up_of=theirs,
                               now=DELIVERED + WINDOW)


# --- The pages ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_page_offers_reopening_and_rating_within_the_window(client, settings):
    case = register_delivered_case(category=Category.ORDER, delivered_at=DELIVERED)
    client.force_login(case.reporter)
    # The page reads the real clock: put the delivery one day before it.
    Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - dt.timedelta(days=1))
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="reopen-window"' in page and 'id="rating-form"' in page
    assert "Sending a reply reopens the case: it goes back to “Work in progress”." in page
    assert 'id="follow-up-offer"' not in page

    response = client.post(reverse("cases:case_rating", args=[case.number]),
                           {"solved": "no", "score": "2", "comment": "Import missed 10 rows"})
    assert response.status_code == 302
    assert CaseRating.objects.get(case=case).comment == "Import missed 10 rows"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Your answer: not solved yet." in page and "Change my answer" in page

    bad = client.post(reverse("cases:case_rating", args=[case.number]), {"solved": "yes"})
    assert bad.status_code == 400 and CaseRating.objects.get(case=case).score == 2


@pytest.mark.django_db
def test_after_the_window_the_page_offers_a_prefilled_follow_up(client):
    case = register_delivered_case(category=Category.SOFTWARE_BUG, delivered_at=DELIVERED,
                                   subject="Invoices do not print")
    client.force_login(case.reporter)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="follow-up-offer"' in page
    assert 'id="reply-form"' not in page and 'id="rating-form"' not in page

    url = reverse("cases:case_follow_up", args=[case.number])
    form = client.get(url)
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["subject"] == "Follow-up: Invoices do not print"
    assert (initial["module"], initial["category"]) == (case.module_id, Category.SOFTWARE_BUG)
    assert case.number in form.content.decode()

    response = client.post(url, {"module": case.module_id, "category": "bug",
                                 "service_level": "3", "subject": initial["subject"],
                                 "description": "Back since the update."})
    follow_up = Case.objects.get(follow_up_of=case)
    assert response.status_code == 302 and response["Location"] == follow_up.get_absolute_url()
    page = client.get(follow_up.get_absolute_url()).content.decode()
    assert 'id="follow-up-of"' in page and case.number in page
    assert follow_up.number in client.get(case.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_follow_up_form_of_a_case_still_in_its_window_sends_back_to_the_case(client):
    case = register_case(category=Category.SUPPORT_QUESTION)
    client.force_login(case.reporter)
    response = client.get(reverse("cases:case_follow_up", args=[case.number]))
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["case_follow_up", "case_close_confirm"])
def test_another_customers_superuser_gets_404_on_the_new_pages(client, name):
    case = register_delivered_case(category=Category.SOFTWARE_BUG, delivered_at=DELIVERED)
    client.force_login(make_superuser())
    assert client.get(reverse(f"cases:{name}", args=[case.number])).status_code == 404


@pytest.mark.django_db
def test_another_customers_superuser_cannot_rate(client):
    case = register_delivered_case(category=Category.SOFTWARE_BUG, delivered_at=DELIVERED)
    client.force_login(make_superuser())
    response = client.post(reverse("cases:case_rating", args=[case.number]),
                           {"solved": "yes", "score": "5"})
    assert response.status_code == 404 and not CaseRating.objects.exists()
