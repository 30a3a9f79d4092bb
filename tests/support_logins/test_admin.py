"""Admin for specialists: who has an active grant now and for how long, read-only facts, and
"Record use" refusing an expired or revoked grant even before the beat job has run."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AuditEntry
from support_logins import services
from support_logins.models import SupportLoginUse
from tests.factories import WEDNESDAY_MORNING, StaffFactory, grant_support_login

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
CHANGELIST = "admin:support_logins_supportlogingrant_changelist"


@pytest.fixture
def specialist():
    user = StaffFactory()
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="support_logins", codename__startswith="view_"))
    return user


@pytest.fixture
def grants():
    active = grant_support_login(preset="24h", now=WEDNESDAY_MORNING + 2 * HOUR)
    expired = grant_support_login(now=WEDNESDAY_MORNING - 48 * HOUR)
    revoked = grant_support_login(now=WEDNESDAY_MORNING)
    services.support_login_revoke(grant=revoked, by=revoked.granted_by,
                                  now=WEDNESDAY_MORNING + HOUR)
    return {"active": active, "expired": expired, "revoked": revoked}


def test_the_active_now_filter_and_time_left_follow_the_clock(client, specialist, grants):
    client.force_login(specialist)
    at = WEDNESDAY_MORNING + 4 * HOUR  # Wed 13:00 Stockholm
    with time_machine.travel(at, tick=False):
        response = client.get(reverse(CHANGELIST), {"active": "yes"})
        ended = client.get(reverse(CHANGELIST), {"active": "no"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [grants["active"]]
    page = response.content.decode()
    assert grants["active"].customer.name in page and grants["active"].case.number in page
    assert "22 h" in page  # 24 h from 11:00 Stockholm, seen at 13:00
    assert set(ended.context["cl"].result_list) == {grants["expired"], grants["revoked"]}
    ended_page = ended.content.decode()
    assert "Expired" in ended_page and "Revoked" in ended_page
    # Nothing has been processed by the beat job: the clock alone decided.
    grants["expired"].refresh_from_db()
    assert grants["expired"].expiry_processed_at is None


def test_record_use_on_an_active_grant(client, specialist, grants):
    client.force_login(specialist)
    with time_machine.travel(WEDNESDAY_MORNING + 4 * HOUR, tick=False):
        response = client.post(reverse(CHANGELIST), {
            "action": "record_use", "_selected_action": [grants["active"].pk]}, follow=True)
    assert response.status_code == 200
    use = SupportLoginUse.objects.get()
    assert use.grant == grants["active"] and use.specialist == specialist
    assert "Use recorded" in response.content.decode()
    assert AuditEntry.objects.filter(action="support_login.use", actor=specialist).exists()


@pytest.mark.parametrize("which", ["expired", "revoked"])
def test_record_use_refuses_an_ended_grant(client, specialist, grants, which):
    client.force_login(specialist)
    with time_machine.travel(WEDNESDAY_MORNING + 4 * HOUR, tick=False):
        response = client.post(reverse(CHANGELIST), {
            "action": "record_use", "_selected_action": [grants[which].pk]}, follow=True)
    assert not SupportLoginUse.objects.exists()
    page = response.content.decode()
    assert "gives no access any more" in page
    assert not AuditEntry.objects.filter(action="support_login.use").exists()


def test_the_grant_is_read_only_in_admin(client, specialist, grants):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root@example.com", "x")
    client.force_login(admin_user)
    grant = grants["active"]
    change = client.get(reverse("admin:support_logins_supportlogingrant_change", args=[grant.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert client.get(reverse("admin:support_logins_supportlogingrant_add")).status_code == 403
    assert client.post(reverse("admin:support_logins_supportlogingrant_delete",
                               args=[grant.pk]), {"post": "yes"}).status_code == 403
    # Opening a grant is reading personal data: logged.
    assert AuditEntry.objects.filter(action="support_login.view", subject_id=str(grant.pk)).exists()
