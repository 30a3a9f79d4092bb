"""/privacy/: what the portal holds about the person who is logged in (the same document they
download, privacy.export), who processed it (the processing log), their downloads and their
erasure request; /privacy/people/<id>/: the same for staff answering a person's request.

Every opening and every download is itself processing of the person's data: each writes an
audit entry with the person as whose data it was and the viewer as the actor."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from audit.models import AuditEntry
from audit.services import audit_record
from kundcenter.client_ip import client_ip
from portal.formatting import format_day, format_moment

from .export import person_export
from .export_zip import document_json, person_archive
from .models import ErasureRequest
from .services import erasure_request

LOG_PAGE_SIZE = 50

# The processing log keeps dotted verbs; the common ones read as words here. Others (a new
# action, "<model>.view" of an admin page not listed) show as the verb itself.
ACTION_LABELS = {
    "privacy.overview": gettext_lazy("Opened the overview of the personal data"),
    "privacy.export": gettext_lazy("Downloaded the personal data"),
    "privacy.erasure_request": gettext_lazy("Asked for erasure"),
    "privacy.erasure_decline": gettext_lazy("Declined the erasure request"),
    "privacy.erase": gettext_lazy("Erased the personal data"),
    "user.register": gettext_lazy("Created the account"),
    "user.login": gettext_lazy("Logged in"),
    "user.logout": gettext_lazy("Logged out"),
    "user.update": gettext_lazy("Changed the account's details"),
    "user.password_change": gettext_lazy("Changed the password"),
    "user.notifications_update": gettext_lazy("Changed the email notifications"),
    "user.view": gettext_lazy("Opened the account in administration"),
    "case.view": gettext_lazy("Opened a case in administration"),
    "case.export": gettext_lazy("Exported a case list"),
    "case.time_export": gettext_lazy("Exported a time report"),
    "attachment.download": gettext_lazy("Downloaded an attachment"),
    "feedback.view": gettext_lazy("Opened feedback in administration"),
    "support_login.grant": gettext_lazy("Granted a support login"),
    "support_login.revoke": gettext_lazy("Revoked a support login"),
    "support_login.expire": gettext_lazy("A support login ended"),
    "support_login.use": gettext_lazy("Used a support login"),
    "support_login.view": gettext_lazy("Opened a support login in administration"),
    "superuser_seat.assign": gettext_lazy("Assigned a SuperUser seat"),
    "superuser_seat.release": gettext_lazy("Released a SuperUser seat"),
    "report.export": gettext_lazy("Exported a report"),
    "article.draft_from_case": gettext_lazy("Drafted an FAQ article from a case"),
}


# --- what the person sees: the export document as tables --------------------------------

def _language() -> str:
    return (translation.get_language() or "sv").split("-")[0]


def _moment(value: str, field: models.Field) -> str:
    try:
        parsed = (datetime.fromisoformat(value) if isinstance(field, models.DateTimeField)
                  else date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)
    if isinstance(parsed, datetime):
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return format_moment(parsed, _language(), timezone.get_current_timezone(),
                             with_year=True)
    return format_day(parsed, _language(), with_year=True)


def _cell(field: models.Field | None, value: Any, related: dict[Any, str]) -> dict[str, Any]:
    """One value of the document as the template shows it: ``kind`` picks the markup."""
    if value is None or value in ("", {}, []):
        return {"kind": "empty"}
    if isinstance(field, models.FileField) and isinstance(value, dict):
        return {"kind": "file", "name": PurePosixPath(value.get("stored_name") or "").name,
                "size": value.get("size"), "sha256": value.get("sha256")}
    if isinstance(value, bool):
        return {"kind": "text", "text": _("Yes") if value else _("No")}
    if isinstance(field, models.ForeignKey):
        return {"kind": "text", "text": related.get(value) or f"#{value}"}
    if field is not None and field.choices:
        return {"kind": "text", "text": str(dict(field.flatchoices).get(value, value))}
    if isinstance(field, models.DateField | models.DateTimeField):
        return {"kind": "text", "text": _moment(value, field)}
    if isinstance(value, dict | list):
        return {"kind": "code", "text": json.dumps(value, ensure_ascii=False, indent=1)}
    if isinstance(field, models.TextField):
        return {"kind": "long", "text": str(value)}
    return {"kind": "text", "text": str(value)}


# Foreign keys are ids in the document; these read better by name. Only things that are
# nobody's personal data (the company, a module, a licence, a case's number): another
# person a row points at (an assignee, an author) stays a number, the person is "you".
RELATED_LABELS = {
    "customers.customer": lambda rows: {row.pk: row.name for row in rows},
    "customers.module": lambda rows: {row.pk: row.display_name for row in rows},
    "customers.licence": lambda rows: {row.pk: row.number for row in rows},
    "cases.case": lambda rows: {row.pk: row.number for row in rows},
}


def _related(field: models.Field | None, rows: list[dict[str, Any]], person: User, *,
             staff_view: bool) -> dict[Any, str]:
    """Labels of the ids in a foreign-key column, one query per column."""
    if not isinstance(field, models.ForeignKey):
        return {}
    target = field.related_model
    if target is User:
        return {person.pk: str(_("This person") if staff_view else _("You"))}
    labels = RELATED_LABELS.get(target._meta.label_lower)
    ids = {row.get(field.name) for row in rows} - {None}
    if labels is None or not ids:
        return {}
    return labels(target._default_manager.filter(pk__in=ids))


def _sections(document: dict[str, Any], person: User, *, staff_view: bool
              ) -> list[dict[str, Any]]:
    sections = []
    for label, section in document["sections"].items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            model = None
        rows = section["rows"]
        names = list(rows[0]) if rows else []
        fields: dict[str, models.Field | None] = {}
        for name in names:
            try:
                fields[name] = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:
                fields[name] = None
        columns = [capfirst(str(fields[name].verbose_name)) if fields[name] else name
                   for name in names]
        related = {name: _related(fields[name], rows, person, staff_view=staff_view)
                   for name in names}
        sections.append({
            "key": label.replace(".", "-"),
            "title": capfirst(section["title"]),
            "columns": columns,
            "rows": [[{"label": column, **_cell(fields[name], row.get(name), related[name])}
                      for name, column in zip(names, columns, strict=True)] for row in rows],
        })
    return sections


# --- who processed it: the processing log ---------------------------------------------

def _actor_label(entry: AuditEntry, person: User, *, staff_view: bool) -> str:
    """Who did it, as the person reads it. Decided: staff are named by role and number, not
    by name -- a staff member's name is their own personal data, and the number is enough
    for the person to ask about an entry (and for us to trace it). Colleagues of the same
    customer are named as the portal names them everywhere else (case lists show who
    reported what); never by address. The person's own entries are "you"."""
    if entry.actor_id is None:
        return _("The portal itself (automatic)")
    if entry.actor_id == person.pk:
        return (person.get_full_name() or _("This person")) if staff_view else _("You")
    if entry.actor_role == AuditEntry.Role.STAFF:
        return _("Customer Centre staff member #%(id)s") % {"id": entry.actor_id}
    actor = entry.actor
    name = actor.get_full_name() if actor is not None else ""
    return name or _("Person #%(id)s") % {"id": entry.actor_id}


def _subject_type(label: str) -> str:
    if not label:
        return ""
    try:
        return capfirst(str(apps.get_model(label)._meta.verbose_name))
    except (LookupError, ValueError):
        return label


def _log_rows(entries, person: User, *, staff_view: bool) -> list[dict[str, Any]]:
    return [{
        "at": entry.at,
        "action": str(ACTION_LABELS.get(entry.action, entry.action)),
        "code": entry.action,
        "actor": _actor_label(entry, person, staff_view=staff_view),
        "role": entry.get_actor_role_display(),
        "subject_type": _subject_type(entry.subject_type),
        "subject_id": entry.subject_id,
        # The address is the actor's personal data: shown only on what the person did.
        "ip_address": entry.ip_address if entry.actor_id == person.pk else None,
    } for entry in entries]


# --- the pages and downloads ------------------------------------------------------------

def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _audit(request: HttpRequest, person: User, action: str, **details) -> None:
    audit_record(actor=request.user, action=action, person_id=person.pk,
                 customer_id=person.customer_id, ip_address=client_ip(request),
                 details=details or None)


def _overview(request: HttpRequest, person: User, *, staff_view: bool) -> HttpResponse:
    now = timezone.now()
    document = person_export(person=person, now=now)
    _audit(request, person, "privacy.overview")
    entries = (AuditEntry.objects.filter(person=person).select_related("actor")
               .order_by("-at", "-pk"))
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    if staff_view:
        downloads = {"json": reverse("privacy:person_export_json", args=[person.pk]),
                     "zip": reverse("privacy:person_export_zip", args=[person.pk])}
    else:
        downloads = {"json": reverse("privacy:export_json"), "zip": reverse("privacy:export_zip")}
    context = {
        "person": person,
        "staff_view": staff_view,
        "exported_at": now,
        "sections": _sections(document, person, staff_view=staff_view),
        "page": page,
        "log": _log_rows(page.object_list, person, staff_view=staff_view),
        "downloads": downloads,
        "pending_erasure": ErasureRequest.objects.filter(
            person=person, status=ErasureRequest.Status.PENDING).first(),
        # The person is told why a request was declined (they may ask again later).
        "declined_erasure": ErasureRequest.objects.filter(
            person=person, status=ErasureRequest.Status.DECLINED).order_by("-decided_at").first(),
    }
    return _private(render(request, "privacy/overview.html", context))


def _download_name(person: User, now: datetime, extension: str, *, staff_view: bool) -> str:
    day = timezone.localdate(now).isoformat()
    return (f"personal-data-{person.pk}-{day}.{extension}" if staff_view
            else f"personal-data-{day}.{extension}")


def _json_download(request: HttpRequest, person: User, *, staff_view: bool) -> HttpResponse:
    now = timezone.now()
    document = person_export(person=person, now=now)
    response = HttpResponse(document_json(document), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, _download_name(person, now, "json", staff_view=staff_view))
    _audit(request, person, "privacy.export", format="json")
    return _private(response)


def _zip_download(request: HttpRequest, person: User, *, staff_view: bool) -> HttpResponse:
    now = timezone.now()
    archive = person_archive(person=person, document=person_export(person=person, now=now))
    response = FileResponse(archive, as_attachment=True, content_type="application/zip",
                            filename=_download_name(person, now, "zip", staff_view=staff_view))
    _audit(request, person, "privacy.export", format="zip")
    return _private(response)


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return _overview(request, request.user, staff_view=False)


@require_GET
@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    return _json_download(request, request.user, staff_view=False)


@require_GET
@login_required
def export_zip(request: HttpRequest) -> HttpResponse:
    return _zip_download(request, request.user, staff_view=False)


@require_POST
@login_required
def erasure_request_view(request: HttpRequest) -> HttpResponse:
    erasure_request(person=request.user, now=timezone.now(), ip_address=client_ip(request))
    messages.success(request, _("We have your request to be erased. Customer Centre staff will "
                                "check it and confirm it."))
    return redirect("privacy:overview")


def _person_for_staff(request: HttpRequest, user_id: int) -> User:
    """Staff who may view accounts; anyone else learns nothing (404, as for no such page)."""
    if not request.user.is_staff:
        raise Http404
    if not request.user.has_perm("accounts.view_user"):
        raise PermissionDenied
    return get_object_or_404(User, pk=user_id)


@require_GET
@login_required
def person_overview(request: HttpRequest, user_id: int) -> HttpResponse:
    return _overview(request, _person_for_staff(request, user_id), staff_view=True)


@require_GET
@login_required
def person_export_json(request: HttpRequest, user_id: int) -> HttpResponse:
    return _json_download(request, _person_for_staff(request, user_id), staff_view=True)


@require_GET
@login_required
def person_export_zip(request: HttpRequest, user_id: int) -> HttpResponse:
    return _zip_download(request, _person_for_staff(request, user_id), staff_view=True)
