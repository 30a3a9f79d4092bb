"""Each person chooses, per kind of case email, every message, a daily digest or none;
the digest is one outbox email a day in their language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import DigestItem, NotificationDelivery, NotificationKind
from accounts.rules import delivery_for, digest_due
from accounts.services import notification_preferences_set
from accounts.tasks import notification_digests_send
from audit.models import AuditEntry
from cases.models import OutboxEmail
from cases.notifications import DIGEST_TEMPLATE, digests_queue, notify, render_outbox_email
from cases.tasks import outbox_flush
from tests.factories import make_superuser, register_case

STOCKHOLM = dt.timezone(dt.timedelta(hours=1))
# 06:30 in Stockholm on a winter morning, when beat runs the digest.
MORNING = dt.datetime(2026, 2, 12, 5, 30, tzinfo=dt.UTC)


def _prefer(user, **deliveries):
    notification_preferences_set(user=user, deliveries=deliveries, ip_address=None)


# The rules, without the database.

@pytest.mark.parametrize(("template", "expected"), [
    ("reply", NotificationDelivery.NONE),
    ("registered", NotificationDelivery.DIGEST),
    ("state_changed", NotificationDelivery.DIGEST),
    ("estimate_given", NotificationDelivery.EVERY),  # no preference stored: every message
    ("password_reset", NotificationDelivery.EVERY),  # not a tunable kind at all
    ("seat_request", NotificationDelivery.EVERY),
])
def test_delivery_follows_the_kind_of_email(template, expected):
    preferences = {NotificationKind.REPLIES: "none", NotificationKind.CASE_PROGRESS: "digest"}
    assert delivery_for(template, preferences) == expected


@pytest.mark.parametrize(("last", "now", "due"), [
    (None, dt.datetime(2026, 2, 12, 6, 30, tzinfo=STOCKHOLM), True),
    (dt.datetime(2026, 2, 11, 6, 30, tzinfo=STOCKHOLM),
     dt.datetime(2026, 2, 12, 6, 30, tzinfo=STOCKHOLM), True),
    # A second run the same morning (beat restarted) sends nothing.
    (dt.datetime(2026, 2, 12, 6, 30, tzinfo=STOCKHOLM),
     dt.datetime(2026, 2, 12, 9, 0, tzinfo=STOCKHOLM), False),
    # 23:30 UTC is already the next day in Stockholm: that day has had its digest.
    (dt.datetime(2026, 2, 11, 23, 30, tzinfo=dt.UTC),
     dt.datetime(2026, 2, 12, 6, 30, tzinfo=STOCKHOLM), False),
])
def test_at_most_one_digest_a_local_day(last, now, due):
    assert digest_due(last_digest_at=last, now=now) is due


# Where emails are queued.

@pytest.mark.django_db
def test_none_writes_no_outbox_row():
    user = make_superuser(language="en")
    _prefer(user, case_progress="none")
    case = register_case(reporter=user)
    assert not OutboxEmail.objects.filter(case=case, template="registered").exists()
    assert not DigestItem.objects.exists()


@pytest.mark.django_db
def test_every_message_is_the_default():
    user = make_superuser(language="en")
    case = register_case(reporter=user)
    assert OutboxEmail.objects.filter(case=case, recipient=user.email,
                                      template="registered").exists()


@pytest.mark.django_db
def test_a_preference_for_one_kind_leaves_the_others_alone():
    user = make_superuser(language="en")
    _prefer(user, replies="none")
    case = register_case(reporter=user)
    assert notify(case=case, recipient=user, template="reply", message_id=1) is None
    assert notify(case=case, recipient=user, template="estimate_given") is not None
    assert OutboxEmail.objects.filter(case=case, template="registered").exists()


@pytest.mark.django_db
def test_digest_keeps_a_line_instead_of_an_email():
    user = make_superuser(language="sv")
    _prefer(user, replies="digest")
    case = register_case(reporter=user)
    assert notify(case=case, recipient=user, template="reply", message_id=1) is None
    assert not OutboxEmail.objects.filter(template="reply").exists()
    item = DigestItem.objects.get(user=user)
    assert (item.case, item.template, item.digested_at) == (case, "reply", None)


# The daily digest.

@pytest.mark.django_db
def test_one_digest_email_per_person_with_every_item(django_capture_on_commit_callbacks):
    user = make_superuser(language="en")
    _prefer(user, replies="digest", case_progress="digest")
    first = register_case(reporter=user)
    second = register_case(reporter=user, subject="Moms & <avdrag>")
    notify(case=first, recipient=user, template="reply", message_id=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_queue(now=MORNING) == 1
    email = OutboxEmail.objects.get(template=DIGEST_TEMPLATE)
    assert email.recipient == user.email and email.sent_at is not None
    sent = mail.outbox[-1]
    assert sent.to == [user.email]
    assert sent.subject == "Your daily digest from the Customer Centre"
    assert "(3 updates)" in sent.body
    assert f"New reply on case {first.number}" in sent.body
    # Plain text: the registered line names the case by its number and subject, unescaped.
    assert f"Case {second.number} registered: Moms & <avdrag>" in sent.body
    assert f"{settings.PORTAL_URL}{second.get_absolute_url()}" in sent.body
    assert f"{settings.PORTAL_URL}{reverse('accounts:notifications')}" in sent.body
    assert not DigestItem.objects.filter(digested_at__isnull=True).exists()


@pytest.mark.django_db
def test_each_person_gets_their_own_digest():
    anna, erik = make_superuser(language="en"), make_superuser(language="en")
    for person, replies in ((anna, 3), (erik, 1)):
        _prefer(person, replies="digest")
        case = register_case(reporter=person)
        for message_id in range(replies):
            notify(case=case, recipient=person, template="reply", message_id=message_id)
    assert digests_queue(now=MORNING) == 2
    digests = {email.recipient: len(email.context["items"])
               for email in OutboxEmail.objects.filter(template=DIGEST_TEMPLATE)}
    assert digests == {anna.email: 3, erik.email: 1}


@pytest.mark.django_db
def test_the_digest_is_written_in_the_readers_language():
    user = make_superuser(language="fi")
    _prefer(user, replies="digest")
    case = register_case(reporter=user)
    notify(case=case, recipient=user, template="reply", message_id=1)
    digests_queue(now=MORNING)
    email = OutboxEmail.objects.get(template=DIGEST_TEMPLATE)
    assert email.language == "fi"
    with translation.override("fi"):
        line = translation.gettext("New reply on case %(number)s") % {"number": case.number}
    assert email.context["items"][0]["summary"] == line
    with translation.override("fi"):
        expected_subject = translation.gettext("Your daily digest from the Customer Centre")
    assert render_outbox_email(email)[0] == expected_subject


@pytest.mark.django_db
def test_nothing_twice_the_same_day_and_nothing_when_nothing_waits():
    user = make_superuser(language="en")
    _prefer(user, replies="digest")
    case = register_case(reporter=user)
    notify(case=case, recipient=user, template="reply", message_id=1)
    assert digests_queue(now=MORNING) == 1
    notify(case=case, recipient=user, template="reply", message_id=2)
    assert digests_queue(now=MORNING + dt.timedelta(hours=3)) == 0
    assert digests_queue(now=MORNING + dt.timedelta(days=1)) == 1
    assert digests_queue(now=MORNING + dt.timedelta(days=2)) == 0
    assert OutboxEmail.objects.filter(template=DIGEST_TEMPLATE).count() == 2


@pytest.mark.django_db
def test_a_broker_outage_loses_no_digest(django_capture_on_commit_callbacks, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr("cases.tasks.outbox_send.delay", broker_down)
    user = make_superuser(language="en")
    _prefer(user, replies="digest")
    notify(case=register_case(reporter=user), recipient=user, template="reply", message_id=1)
    with django_capture_on_commit_callbacks(execute=True):
        digests_queue(now=MORNING)
    assert OutboxEmail.objects.get(template=DIGEST_TEMPLATE).sent_at is None
    outbox_flush()
    assert OutboxEmail.objects.get(template=DIGEST_TEMPLATE).sent_at is not None
    assert "Your daily digest from the Customer Centre" in [m.subject for m in mail.outbox]


@pytest.mark.django_db
def test_the_beat_runs_the_digest_task_daily():
    entry = next(job for job in settings.CELERY_BEAT_SCHEDULE.values()
                 if job["task"] == "accounts.tasks.notification_digests_send")
    assert entry["schedule"].hour == {5} and entry["schedule"].day_of_week == set(range(7))
    assert notification_digests_send() == 0


@pytest.mark.django_db
def test_security_mail_is_never_suppressed(client):
    user = make_superuser(language="en")
    _prefer(user, **{kind: "none" for kind in NotificationKind.values})
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert [message.to for message in mail.outbox] == [[user.email]]


# The page.

@pytest.mark.django_db
def test_the_page_saves_the_choices_and_audits_the_change(client):
    user = make_superuser(language="en")
    client.force_login(user)
    page = client.get(reverse("accounts:notifications"))
    assert page.status_code == 200
    assert "A daily digest" in page.content.decode()
    response = client.post(reverse("accounts:notifications"), {
        "case_progress": "every", "replies": "digest", "estimates": "none",
        "support_logins": "every"}, follow=True)
    assert "Your email settings were saved." in response.content.decode()
    assert notify(case=register_case(reporter=user), recipient=user,
                  template="estimate_given") is None
    entry = AuditEntry.objects.get(action="user.notifications_update")
    assert entry.actor == user
    assert entry.details == {"deliveries": {"replies": "digest", "estimates": "none"}}


@pytest.mark.django_db
def test_the_page_refuses_unknown_choices(client):
    user = make_superuser(language="en")
    client.force_login(user)
    response = client.post(reverse("accounts:notifications"), {
        "case_progress": "hourly", "replies": "digest", "estimates": "none",
        "support_logins": "every"})
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action="user.notifications_update").exists()


@pytest.mark.django_db
def test_the_page_needs_a_login(client):
    response = client.get(reverse("accounts:notifications"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
