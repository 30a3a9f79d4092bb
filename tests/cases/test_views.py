import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from cases import services
from cases.models import Attachment, Case, OutboxEmail
from cases.notifications import coalesce_window, outbox_send_one
from cases.workflows import Category, State
from tests.factories import StaffFactory, make_superuser, register_case

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form_data(reporter, **changes):
    module = reporter.trainings.first().module
    return {"module": module.pk, "category": "bug", "service_level": "2",
            "subject": "Payroll export fails", "description": "Error 500 on export.",
            **changes}


def test_register_shows_the_number_at_once_and_mails_it(client, django_capture_on_commit_callbacks):
    reporter = make_superuser(language="en")
    client.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:case_create"), {
            **form_data(reporter), "attachments": [SimpleUploadedFile("shot.png", PNG)]},
            follow=True)
    case = Case.objects.get()
    page = response.content.decode()
    assert case.number in page and "Thank you! Your case has number" in page
    assert case.attachments.count() == 1
    assert mail.outbox[0].to == [reporter.email]
    assert case.number in mail.outbox[0].subject


def test_form_offers_only_trained_modules_and_promises_a_start_per_level(client):
    reporter = make_superuser(language="en")
    client.force_login(reporter)
    page = client.get(reverse("cases:case_create")).content.decode()
    assert reporter.trainings.first().module.name in page
    assert page.count("work starts by") == 5


def test_bad_input_rerenders_with_messages_and_saves_nothing(client):
    reporter = make_superuser(language="en")
    client.force_login(reporter)
    response = client.post(reverse("cases:case_create"), {
        **form_data(reporter, subject=""),
        "attachments": [SimpleUploadedFile("virus.exe", b"MZ\x90")]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    response = client.post(reverse("cases:case_create"), {
        **form_data(reporter), "attachments": [SimpleUploadedFile("virus.exe", b"MZ\x90")]})
    assert "not a file type we accept" in response.content.decode()
    assert not Case.objects.exists()


def test_promise_fragment(client):
    reporter = make_superuser(language="en")
    client.force_login(reporter)
    fragment = client.get(reverse("cases:promise"), {"category": "bug", "service_level": "1"})
    assert "work starts by" in fragment.content.decode()
    assert client.get(reverse("cases:promise"), {"category": "order"}).content == b""


def test_list_is_sorted_by_category_and_filters(client):
    reporter = make_superuser(language="en")
    colleague = make_superuser(licence=reporter.seats.first().licence, language="en")
    register_case(reporter=reporter, category=Category.WISH, subject="Dark mode please")
    register_case(reporter=colleague, category=Category.SUPPORT_QUESTION, subject="How to X")
    bug = register_case(reporter=reporter, subject="Crash on save")
    client.force_login(reporter)
    page = client.get(reverse("cases:case_list")).content.decode()
    # Category order in the list: order of the category codes (bug, support, wish).
    assert page.index("Crash on save") < page.index("How to X") < page.index("Dark mode please")
    mine = client.get(reverse("cases:case_list"), {"mine": "on"}).content.decode()
    assert "How to X" not in mine and "Crash on save" in mine
    by_number = client.get(reverse("cases:case_list"), {"q": bug.number}).content.decode()
    assert "Crash on save" in by_number and "Dark mode" not in by_number
    wishes = client.get(reverse("cases:case_list"), {"category": "wish"}).content.decode()
    assert "Dark mode please" in wishes and "Crash on save" not in wishes


def test_detail_shows_public_conversation_never_internal_notes(client):
    case = register_case()
    staff = StaffFactory()
    services.case_message_add(case=case, by=staff, body="Secret: blame the intern",
                              is_internal=True, now=case.registered_at)
    services.case_message_add(case=case, by=staff, body="We reproduced it.",
                              now=case.registered_at)
    client.force_login(case.reporter)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "We reproduced it." in page
    assert "blame the intern" not in page
    assert "How this is counted" in page


def test_customer_reply_and_estimate_acceptance_through_the_portal(client):
    case = register_case(category=Category.ORDER)
    services.case_estimate_give(case=case, by=StaffFactory(), amount=Decimal("1200"),
                                currency="SEK", text="Setup", now=case.registered_at)
    client.force_login(case.reporter)
    client.post(reverse("cases:case_reply", args=[case.number]), {"body": "Sounds good"})
    assert case.messages.filter(body="Sounds good").exists()
    confirm = client.get(reverse("cases:estimate_accept", args=[case.number]))
    assert "SEK\u00a01,200.00" in confirm.content.decode() and "VAT" in confirm.content.decode()
    unconfirmed = client.post(reverse("cases:estimate_accept", args=[case.number]),
                              {"version": 1})
    assert unconfirmed.status_code == 400 and not case.estimates.get().is_accepted
    client.post(reverse("cases:estimate_accept", args=[case.number]),
                {"version": 1, "confirm": "on"})
    assert case.estimates.get().accepted_by == case.reporter


def test_empty_reply_is_refused_with_a_message(client):
    case = register_case()
    client.force_login(case.reporter)
    response = client.post(reverse("cases:case_reply", args=[case.number]), {"body": ""})
    assert response.status_code == 400
    assert case.messages.count() == 0


def test_attachment_download_is_checked_and_audited(client):
    case = register_case(attachments=[SimpleUploadedFile("shot.png", PNG)])
    attachment = Attachment.objects.get()
    client.force_login(case.reporter)
    response = client.get(reverse("cases:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Disposition"].startswith("inline")  # a picture opens in the browser
    assert AuditEntry.objects.filter(action="attachment.download").exists()


def test_attachment_of_an_internal_note_is_never_served_to_customers(client):
    case = register_case()
    services.case_message_add(case=case, by=StaffFactory(), body="log", is_internal=True,
                              attachments=[SimpleUploadedFile("debug.log", b"trace")],
                              now=case.registered_at)
    client.force_login(case.reporter)
    attachment = Attachment.objects.get()
    assert client.get(reverse("cases:attachment", args=[attachment.pk])).status_code == 404


def test_customer_can_close_an_answered_question(client):
    case = register_case(category=Category.SUPPORT_QUESTION)
    client.force_login(case.reporter)
    client.post(reverse("cases:case_transition", args=[case.number]), {"target": "closed"})
    case.refresh_from_db()
    assert case.state == State.CLOSED
    assert case.closed_at is not None


def test_state_change_email_reaches_the_reporter_in_their_language(
        client, django_capture_on_commit_callbacks):
    reporter = make_superuser(language="fi")
    case = register_case(reporter=reporter)
    mail.outbox.clear()
    moved = case.registered_at + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_transition(case=case, by=StaffFactory(), target=State.ESCALATED,
                                 now=moved)
    # Held for the coalescing window (more changes may follow), then sent by the outbox.
    held = OutboxEmail.objects.get(case=case, template="state_changed")
    outbox_send_one(held.pk, now=moved + coalesce_window())
    assert mail.outbox[0].to == [reporter.email]
    assert case.number in mail.outbox[0].subject
    assert "Escalated" not in mail.outbox[0].subject  # Finnish, not English


def test_faq_suggestion_opened_then_case_registered_is_not_a_deflection(client):
    from knowledgebase.models import DeflectionEvent
    from tests.factories import ArticleFactory

    reporter = make_superuser(language="en")
    article = ArticleFactory(question="How do I credit an invoice?", language="en")
    client.force_login(reporter)
    page = client.get(reverse("cases:case_create")).content.decode()
    assert reverse("knowledgebase:suggest") in page  # the subject field asks for suggestions
    client.get(reverse("knowledgebase:article", args=[article.pk]), {"from": "case-form"})
    opened = DeflectionEvent.objects.get(user=reporter)
    assert not opened.case_registered
    client.post(reverse("cases:case_create"), form_data(reporter))
    opened.refresh_from_db()
    assert opened.case_registered


def test_a_colleague_reading_a_case_is_in_the_processing_log_the_reporter_is_not(client):
    reporter = make_superuser()
    colleague = make_superuser(licence=reporter.seats.get().licence)
    case = register_case(reporter=reporter)
    url = reverse("cases:case_detail", args=[case.number])
    client.force_login(reporter)
    client.get(url)
    assert not AuditEntry.objects.filter(action="case.view", subject_id=str(case.pk)).exists()
    client.force_login(colleague)
    client.get(url)
    entry = AuditEntry.objects.get(action="case.view", subject_id=str(case.pk))
    assert (entry.actor, entry.person, entry.actor_role) == (colleague, reporter, "customer")
