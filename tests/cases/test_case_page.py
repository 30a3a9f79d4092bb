"""The case page's conversation, attachments and history, written out in Python
(cases.case_page): what the reader sees, and nothing a customer typed runs as markup."""

import re

import pytest
from django.utils import timezone

from cases.models import Attachment, CaseEvent
from cases.services import case_message_add
from tests.factories import StaffFactory, register_case

pytestmark = pytest.mark.django_db


def _page(client, case) -> str:
    client.force_login(case.reporter)
    return client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_what_people_typed_is_shown_as_text(client):
    case = register_case()
    message = case_message_add(case=case, by=case.reporter, now=timezone.now(),
                               body='<script>alert("x")</script> & more')
    Attachment.objects.create(case=case, message=message, file="cases/x.png",
                              original_name="<img src=x onerror=alert(1)>.png",
                              content_type="image/png", size=2048, uploaded_by=case.reporter,
                              uploaded_at=timezone.now())
    page = _page(client, case)
    conversation = page[page.index('id="conversation"'):page.index('id="timeline"')]
    assert "<script>" not in conversation and "onerror=alert(1)>" not in conversation
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in conversation
    assert "&lt;img src=x onerror=alert(1)&gt;.png" in conversation
    assert "2.0\xa0KB" in conversation  # Django's file size wording
    assert re.search(r'<img class="attachment-thumb" src="/cases/attachments/\d+/\?thumb=1"',
                     conversation)


def test_staff_replies_are_marked_as_the_customer_centres(client):
    case = register_case()
    staff = StaffFactory(first_name="Sara", last_name="Specialist")
    case_message_add(case=case, by=staff, body="We are on it.", now=timezone.now())
    page = _page(client, case)
    assert 'class="card mb-2 border-primary"' in page
    assert "Sara Specialist · Customer Centre · " in page


def test_the_history_says_what_happened(client):
    case = register_case()
    now = timezone.now()
    CaseEvent.objects.bulk_create([
        CaseEvent(case=case, at=now, kind=CaseEvent.Kind.LEVEL_CHANGED,
                  details={"from": 2, "to": 3, "reason": "<b>not urgent</b>"}),
        CaseEvent(case=case, at=now, kind=CaseEvent.Kind.RATED, details={"score": 4}),
        CaseEvent(case=case, at=now, kind=CaseEvent.Kind.STATE_CHANGED,
                  from_state="new", to_state="escalated"),
    ])
    timeline = _page(client, case).split('id="timeline"')[1]
    assert ": 2 → 3 (&lt;b&gt;not urgent&lt;/b&gt;)" in timeline
    assert ": 4/5" in timeline
    assert ": New → Escalated" in timeline


@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_a_remembered_progress_is_what_its_template_renders_now(language):
    from django.template.loader import render_to_string
    from django.utils import translation

    from cases.case_page import PROGRESS_TEMPLATE, progress_html
    from cases.workflows import WORKFLOWS, workflow_progress

    with translation.override(language):
        for category, workflow in WORKFLOWS.items():
            for current in workflow.states:
                for visited in ([], workflow.states[:2], workflow.states):
                    steps = workflow_progress(category, current=current, visited=visited)
                    progress_html(steps)  # remembered
                    fresh = render_to_string(PROGRESS_TEMPLATE, {"progress": steps})
                    assert progress_html(steps) == fresh, (category, current, visited)
    with translation.override("en"):
        english = progress_html(workflow_progress("bug", current="new", visited=[]))
    with translation.override("fi"):
        assert progress_html(workflow_progress("bug", current="new", visited=[])) != english


def test_the_files_of_an_internal_note_are_not_listed_for_the_customer(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import make_specialist

    case = register_case(attachments=[SimpleUploadedFile("own-report.txt", b"case file")])
    specialist = make_specialist(support_team=case.team)
    case_message_add(case=case, by=specialist, body="Our trace", is_internal=True,
                     now=timezone.now(), attachments=[SimpleUploadedFile("trace-notes.txt", b"x")])
    case_message_add(case=case, by=specialist, body="Here is the fix", now=timezone.now(),
                     attachments=[SimpleUploadedFile("fix-guide.txt", b"y")])
    page = _page(client, case)
    assert "own-report.txt" in page and "fix-guide.txt" in page
    assert "trace-notes.txt" not in page and "Our trace" not in page
