"""Personal data in Django's and third-party apps' models (privacy.registry), declared here
as those apps have no privacy.py of their own; privacy/privacy.py imports this module."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone

from .registry import NOT_PERSONAL, SECRET, Erase, OnErase, declare, not_personal, personal

declare(Permission, fields=not_personal("id", "name", "content_type", "codename"))
declare(Group, fields=not_personal("id", "name"))
declare(ContentType, fields=not_personal("id", "app_label", "model"))


def _log_entries_about(person) -> Q:
    """The admin's change log of the person's account, and of any object whose str() holds
    their address (a SuperUser seat, a completed training: "Name <email> – …")."""
    condition = Q(content_type=ContentType.objects.get_for_model(get_user_model()),
                  object_id=str(person.pk))
    email = getattr(person, "email", "") or ""
    if email:
        condition |= Q(object_repr__icontains=email)
    return condition


# Kept (anonymised): the record of what staff changed in the admin. user is the staff actor.
declare(
    LogEntry,
    fields={
        **not_personal("id", "action_time", "user", "content_type", "object_id", "action_flag"),
        "object_repr": personal(Erase.REDACT),
        "change_message": personal(Erase.REDACT),
    },
    extra_rows=_log_entries_about,
)


def _sessions_of(person) -> Q:
    """The person's live sessions: only the signed session data names the user."""
    keys = [session.session_key
            for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
            if session.get_decoded().get("_auth_user_id") == str(person.pk)]
    return Q(session_key__in=keys)


declare(
    Session,
    fields={
        # The key logs the person in; the data carries a hash made from the password's.
        "session_key": SECRET,
        "session_data": personal(Erase.KEEP, export=False, kept_because="deleted with the session"),
        "expire_date": NOT_PERSONAL,
    },
    extra_rows=_sessions_of,
    on_erase=OnErase.DELETE,
)

# django-axes: login attempts by login name (our login name is the email address).
_REQUEST = {
    "user_agent": personal(Erase.BLANK),
    "ip_address": personal(Erase.NULL),
    "username": personal(Erase.BLANK),
    **not_personal("id", "http_accept", "path_info", "attempt_time"),
}

declare(
    AccessAttempt,
    fields={
        **_REQUEST,
        # The request's query string and form (axes leaves out the password).
        "get_data": personal(Erase.BLANK),
        "post_data": personal(Erase.BLANK),
        **not_personal("failures_since_start"),
    },
    owner_emails=("username",),
    on_erase=OnErase.DELETE,
)

declare(
    AccessAttemptExpiration,
    fields=not_personal("access_attempt", "expires_at"),
    extra_rows=lambda person: (Q(access_attempt__username__iexact=person.email)
                               if getattr(person, "email", "") else Q(pk__in=[])),
    on_erase=OnErase.DELETE,
)

declare(
    AccessFailureLog,
    fields={**_REQUEST, **not_personal("locked_out")},
    owner_emails=("username",),
    on_erase=OnErase.DELETE,
)

declare(
    AccessLog,
    fields={
        **_REQUEST,
        **not_personal("logout_time"),
        # A hash of the session key.
        "session_hash": SECRET,
    },
    owner_emails=("username",),
    on_erase=OnErase.DELETE,
)
