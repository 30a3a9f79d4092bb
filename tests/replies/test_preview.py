"""The email preview: what the reporter gets for a public reply, rendered exactly as the
outbox renders it, in the reporter's language; and the reply tools on the case page."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import NotificationDelivery, NotificationKind, NotificationPreference
from cases import services
from cases.mentions import author_name
from cases.models import OutboxEmail
from cases.notifications import render_outbox_email
from replies.selectors import reply_email_preview
from tests.factories import deliver_case, make_specialist

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.replies.urls")]


def preview_url(case) -> str:
    return reverse("admin:cases_case_reply_preview", args=[case.pk])


def test_the_preview_is_the_email_a_real_reply_queues(specialist, finnish_case):
    preview = reply_email_preview(case=finnish_case, author=author_name(specialist),
                                  body="Kokeile uudelleen.")
    services.case_message_add(case=finnish_case, by=specialist, body="Kokeile uudelleen.",
                              now=timezone.now())
    sent = OutboxEmail.objects.get(template="reply")

    assert (preview.subject, preview.body) == render_outbox_email(sent)
    assert preview.language == sent.language == "fi"
    assert finnish_case.number in preview.subject
    assert "Kokeile uudelleen." in preview.body  # the reply travels in the mail
    assert preview.delivery == NotificationDelivery.EVERY


def test_the_preview_view_shows_the_email_and_the_escaped_reply(staff_client, finnish_case):
    before = OutboxEmail.objects.count()

    response = staff_client.post(preview_url(finnish_case), {"body": "<b>Hei</b> & kiitos"})

    assert response.status_code == 200
    html = response.content.decode()
    preview = reply_email_preview(case=finnish_case)
    assert preview.subject in html
    assert "&lt;b&gt;Hei&lt;/b&gt; &amp; kiitos" in html and "<b>Hei</b>" not in html
    assert f"{finnish_case.get_absolute_url()}" in html
    assert OutboxEmail.objects.count() == before  # a preview sends nothing


def test_the_preview_says_when_the_customer_gets_no_email(staff_client, finnish_case):
    NotificationPreference.objects.create(user=finnish_case.reporter, kind=NotificationKind.REPLIES,
                                          delivery=NotificationDelivery.NONE)

    response = staff_client.post(preview_url(finnish_case), {"body": "Hei"})

    assert reply_email_preview(case=finnish_case).delivery == NotificationDelivery.NONE
    assert "turned off emails about replies" in response.content.decode()


def test_the_preview_is_a_post_for_staff_who_may_reply(client, staff_client, finnish_case):
    assert staff_client.get(preview_url(finnish_case)).status_code == 405
    client.force_login(make_specialist(support_team="trade"))
    assert client.post(preview_url(finnish_case), {"body": "x"}).status_code == 403


def test_the_preview_needs_the_csrf_token(specialist, finnish_case):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(specialist)
    assert strict.post(preview_url(finnish_case), {"body": "x"}).status_code == 403


def render_tools(case, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load reply_tools %}{% reply_tools case %}").render(
        Context({"case": case, "request": request, "csrf_token": "token123"}))


def test_the_reply_tools_on_an_open_case(specialist, finnish_case):
    html = render_tools(finnish_case, specialist)

    assert 'data-textarea="id_reply_body"' in html
    assert reverse("admin:cases_case_snippets", args=[finnish_case.pk]) in html
    assert preview_url(finnish_case) in html
    assert 'data-csrf="token123"' in html
    assert "/static/js/admin_reply_tools.js" in html
    assert "<script>" not in html and "style=" not in html  # the CSP allows neither
    assert reverse("admin:cases_case_faq_draft", args=[finnish_case.pk]) not in html


def test_the_faq_button_on_a_delivered_case(specialist, finnish_case):
    reply = services.case_message_add(case=finnish_case, by=specialist, body="Kokeile tätä.",
                                      now=timezone.now())
    case = deliver_case(finnish_case, now=timezone.now(), by=specialist)

    html = render_tools(case, specialist)

    assert f'formaction="{reverse("admin:cases_case_faq_draft", args=[case.pk])}"' in html
    assert f'<option value="{reply.pk}">' in html
