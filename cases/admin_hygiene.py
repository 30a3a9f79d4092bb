"""Admin of case hygiene, for CaseAdmin to take in: the actions "Merge duplicates…",
"Watch" and "Stop watching", the related-cases field of the change page, and the page that
links and unlinks cases. Each takes the CaseAdmin as its first argument and reuses its
confirmation page and per-case reporting (``_action_page``, ``_each_case``,
``_posted_choice``); every write goes through cases.hygiene."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kundcenter import converters  # noqa: F401  (registers pk)
from kundcenter.refusals import refusal_text

from . import hygiene
from .hygiene_selectors import case_hygiene_for_staff, case_watched_by
from .models import Case

LINKS_URL_NAME = "cases_case_links"


@admin.action(description=_("Merge duplicates into one case…"))
def merge_cases(model_admin: Any, request: HttpRequest, queryset: QuerySet[Case]):
    """Confirmation page: which of the selected cases stays; the others are merged into it."""
    cases = list(queryset.order_by("registered_at", "pk"))
    if len(cases) < 2:
        model_admin.message_user(request, _("Select at least two cases to merge."),
                                 level=messages.ERROR)
        return None
    if "apply" not in request.POST:
        return model_admin._action_page(
            request, queryset.select_related("customer").order_by("registered_at", "pk"),
            "merge_cases", _("Merge duplicate cases"), keep_default=cases[0].pk)
    keep = model_admin._posted_choice(request, "keep", {str(case.pk) for case in cases},
                                      _("Choose the case to keep."))
    if keep is None:
        return None
    into = next(case for case in cases if str(case.pk) == keep)
    model_admin._each_case(
        request, queryset.exclude(pk=into.pk).order_by("registered_at", "pk"),
        lambda case: hygiene.case_merge(duplicate=case, into=into, by=request.user,
                                        now=timezone.now()),
        lambda count: ngettext("Merged %(count)d case into %(number)s.",
                               "Merged %(count)d cases into %(number)s.", count)
        % {"count": count, "number": into.number})
    return None


@admin.action(description=_("Watch (email me on every new message)"))
def watch_cases(model_admin: Any, request: HttpRequest, queryset: QuerySet[Case]) -> None:
    now = timezone.now()
    model_admin._each_case(
        request, queryset, lambda case: hygiene.case_watch(case=case, user=request.user, now=now),
        lambda count: ngettext("You watch %(count)d case.", "You watch %(count)d cases.", count)
        % {"count": count})


@admin.action(description=_("Stop watching"))
def unwatch_cases(model_admin: Any, request: HttpRequest, queryset: QuerySet[Case]) -> None:
    now = timezone.now()
    model_admin._each_case(
        request, queryset,
        lambda case: hygiene.case_unwatch(case=case, user=request.user, now=now),
        lambda count: ngettext("Stopped watching %(count)d case.",
                               "Stopped watching %(count)d cases.", count) % {"count": count})


def linked_cases_html(case: Case, *, user: Any = None) -> SafeString:
    """The change page's read-only "Related cases": merged into / from, the linked cases
    (each a link to its admin page), and a link to the page that links and unlinks."""
    try:
        manage_url = reverse(f"admin:{LINKS_URL_NAME}", args=[case.pk])
    except NoReverseMatch:  # hygiene_urls not wired into CaseAdmin.get_urls
        manage_url = ""
    return render_to_string("admin/cases/related_cases.html", {
        "case": case, "hygiene": case_hygiene_for_staff(case=case), "manage_url": manage_url,
        "watching": user is not None and case_watched_by(case=case, user=user)})


@admin.display(description=_("related cases"))
def related_cases(model_admin: Any, obj: Case) -> SafeString:
    """For ``readonly_fields``: ``related_cases = admin_hygiene.related_cases`` in CaseAdmin."""
    return linked_cases_html(obj)


def case_link_view(model_admin: Any, request: HttpRequest, case_id: int) -> HttpResponse:
    """GET: the case's related cases, each with "Unlink", and a field for a case number to
    link. POST ``number`` with ``op`` "link" or "unlink"; the services decide who may."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    case = get_object_or_404(Case, pk=case_id)
    if request.method == "POST":
        _link_posted(model_admin, request, case)
        return HttpResponseRedirect(request.path)
    return render(request, "admin/cases/case_links.html", {
        **model_admin.admin_site.each_context(request), "case": case,
        "title": _("Related cases of %(number)s") % {"number": case.number},
        "hygiene": case_hygiene_for_staff(case=case), "opts": Case._meta,
        "change_url": reverse("admin:cases_case_change", args=[case.pk])})


def _link_posted(model_admin: Any, request: HttpRequest, case: Case) -> None:
    number = request.POST.get("number", "").strip()
    operation = request.POST.get("op", "link")
    other = Case.objects.filter(number=number).first() if number else None
    if other is None:
        model_admin.message_user(request, _("There is no case with number “%(number)s”.")
                                 % {"number": number[:20]}, level=messages.ERROR)
        return
    service = hygiene.case_unlink if operation == "unlink" else hygiene.case_link
    try:
        service(case=case, other=other, by=request.user, now=timezone.now())
    except (ValidationError, PermissionDenied) as error:
        model_admin.message_user(request, refusal_text(error), level=messages.WARNING)
        return
    done = (_("Case %(number)s is no longer linked.") if operation == "unlink"
            else _("Linked case %(number)s."))
    model_admin.message_user(request, done % {"number": other.number})


def hygiene_urls(model_admin: Any) -> list[URLPattern]:
    """For CaseAdmin.get_urls: ``return hygiene_urls(self) + urls + super().get_urls()``."""

    def links(request: HttpRequest, case_id: int) -> HttpResponse:
        return case_link_view(model_admin, request, case_id)

    return [path("<pk:case_id>/links/", model_admin.admin_site.admin_view(links),
                 name=LINKS_URL_NAME)]
