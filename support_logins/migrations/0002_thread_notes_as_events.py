"""Support-login notes written as text (in the office's language) become events, so that each
reader sees them in their own language.

The old text is not parsed: each note was written in the same transaction as its grant's
change, with that change's instant as `created_at` and its actor as author, which finds it
in any language. The old body stays, as the fallback of a note this finds no grant for and
for the way back."""

from django.db import migrations

GRANTED, REVOKED, EXPIRED = ("support_login_granted", "support_login_revoked",
                             "support_login_expired")


def _mark(Message, grant, *, at, author_id, kind, **params):
    if at is None:
        return
    Message.objects.filter(case_id=grant.case_id, created_at=at, author_id=author_id,
                           is_internal=False, event_kind="").update(
        event_kind=kind,
        event_params={"grant": grant.pk, "kind": grant.kind, "office": grant.case.office,
                      **params})


def forwards(apps, schema_editor):
    Grant = apps.get_model("support_logins", "SupportLoginGrant")
    Message = apps.get_model("cases", "Message")
    for grant in Grant.objects.select_related("case").iterator():
        until = grant.expires_at.isoformat()
        _mark(Message, grant, at=grant.granted_at, author_id=grant.granted_by_id, kind=GRANTED,
              preset=grant.preset, until=until, reason=grant.reason)
        _mark(Message, grant, at=grant.revoked_at, author_id=grant.revoked_by_id, kind=REVOKED,
              until=until)
        _mark(Message, grant, at=grant.expiry_processed_at, author_id=None, kind=EXPIRED,
              ended=until)


def backwards(apps, schema_editor):
    Message = apps.get_model("cases", "Message")
    # Old notes kept their body; new ones have none and read as the event only.
    Message.objects.filter(event_kind__in=(GRANTED, REVOKED, EXPIRED)).exclude(body="").update(
        event_kind="", event_params={})


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0004_portal_life_after_delivery"),
        ("support_logins", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
