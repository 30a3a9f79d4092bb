"""Staff's side of personal data: erasure requests (confirm in two steps, or decline with a
reason), erasing a person on staff's own initiative, and incident tracing."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.services import audit_record
from kundcenter.client_ip import client_ip
from kundcenter.csv_safety import csv_response
from kundcenter.refusals import refusal_text

from .incidents import CSV_HEADER, account_find, csv_rows, period_bounds, persons_processed_by
from .models import ErasureRequest
from .selectors import erasure_preview
from .services import erasure_decline, person_erase, person_is_erased


class ConfirmErasureForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that the erasure cannot be undone."), required=True)


class FinalErasureForm(forms.Form):
    email = forms.CharField(label=_("Type the person's email address to erase them"),
                            max_length=254)

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_email(self) -> str:
        typed = self.cleaned_data["email"].strip()
        if typed.lower() != self.person.email.lower():
            raise ValidationError(_("That is not this person's email address."))
        return typed


class IncidentTraceForm(forms.Form):
    actor = forms.CharField(label=_("Account (email address or id)"), max_length=254)
    since = forms.DateField(label=_("From (first day)"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To (last day, included)"),
                            widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise ValidationError(_("The last day is before the first."))
        lookup = (data.get("actor") or "").strip()
        if lookup:
            actor = account_find(lookup)
            if actor is None:
                self.add_error("actor", _("No account with that email address or id."))
            data["actor_user"] = actor
        return data


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ("person", "status", "requested_at", "requested_by_person", "decided_by",
                    "decided_at")
    list_filter = ("status", "requested_by_person")
    search_fields = ("=person__id", "person__email")
    list_select_related = ("person", "decided_by")
    readonly_fields = ("person", "requested_at", "requested_by_person", "status", "decided_by",
                       "decided_at", "reason", "result")
    change_form_template = "admin/privacy/erasurerequest/change_form.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("erase/<int:user_id>/", wrap(self.erase_view), name="privacy_person_erase"),
            path("<int:request_id>/decline/", wrap(self.decline_view),
                 name="privacy_erasure_decline"),
            path("incident-trace/", wrap(self.incident_trace_view), name="privacy_incident_trace"),
            *super().get_urls(),
        ]

    def _may_erase(self, request: HttpRequest) -> None:
        if not request.user.has_perm("privacy.change_erasurerequest"):
            raise PermissionDenied

    def erase_view(self, request: HttpRequest, user_id: int) -> HttpResponse:
        """Step 1: what will go and what a legal hold keeps, and "I understand"; step 2: type
        the person's address. Only then the erasure runs."""
        self._may_erase(request)
        person = get_object_or_404(User, pk=user_id)
        if person_is_erased(person):
            messages.info(request, _("This person's data has already been erased."))
            return redirect("admin:privacy_erasurerequest_changelist")
        now = timezone.now()
        step = request.POST.get("step", "1") if request.method == "POST" else "0"
        confirm = ConfirmErasureForm(request.POST if step == "1" else None)
        final = FinalErasureForm(request.POST if step == "2" else None, person=person)
        if step == "1" and confirm.is_valid():
            return self._erase_page(request, person, now, final=final, final_step=True)
        if step == "2" and final.is_valid():
            try:
                done = person_erase(person=person, by=request.user, now=now,
                                    ip_address=client_ip(request))
            except ValidationError as refusal:
                messages.error(request, refusal_text(refusal))
                return redirect("admin:privacy_erasurerequest_changelist")
            messages.success(request, _("The person's personal data has been erased."))
            return redirect("admin:privacy_erasurerequest_change", done.pk)
        return self._erase_page(request, person, now, confirm=confirm, final=final,
                                final_step=step == "2")

    def _erase_page(self, request, person, now, *, final, final_step, confirm=None):
        return TemplateResponse(request, "admin/privacy/erase.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "person": person, "preview": erasure_preview(person=person, now=now),
            "confirm": confirm or ConfirmErasureForm(), "final": final, "final_step": final_step,
            "title": _("Erase personal data")})

    def decline_view(self, request: HttpRequest, request_id: int) -> HttpResponse:
        self._may_erase(request)
        if request.method != "POST":
            raise Http404
        erasure = get_object_or_404(ErasureRequest, pk=request_id)
        try:
            erasure_decline(request=erasure, by=request.user, reason=request.POST.get("reason", ""),
                            now=timezone.now())
        except ValidationError as refusal:
            messages.error(request, refusal_text(refusal))
        else:
            messages.success(request, _("The request was declined."))
        return redirect("admin:privacy_erasurerequest_change", erasure.pk)

    def incident_trace_view(self, request: HttpRequest) -> HttpResponse:
        """Everyone whose data an account processed in a period, with contact details; as
        CSV with ?format=csv. Looking is itself logged."""
        if not request.user.has_perm("audit.view_auditentry"):
            raise PermissionDenied
        form = IncidentTraceForm(request.GET or None)
        traced = None
        if form.is_valid():
            data = form.cleaned_data
            start, end = period_bounds(data["since"], data["until"])
            traced = persons_processed_by(actor=data["actor_user"], start=start, end=end)
            audit_record(actor=request.user, action="privacy.incident_trace",
                         ip_address=client_ip(request),
                         details={"actor": data["actor_user"].pk, "since": str(data["since"]),
                                  "until": str(data["until"]), "persons": len(traced)})
            if request.GET.get("format") == "csv":
                return csv_response(f"incident-{data['actor_user'].pk}-{data['since']}.csv",
                                    CSV_HEADER, csv_rows(traced))
        return TemplateResponse(request, "admin/privacy/incident_trace.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
            "traced": traced, "title": _("Incident tracing"),
            "csv_query": request.GET.urlencode()})

    def changelist_view(self, request, extra_context=None):
        extra = {"incident_trace_url": reverse("admin:privacy_incident_trace")}
        return super().changelist_view(request, {**(extra_context or {}), **extra})
