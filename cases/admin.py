"""Triage for product specialists: the case list with SLA state, filters and actions, and a
change form whose writes all go through cases.services."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.roles import is_manager
from audit.admin import AuditedAdminMixin
from customers.teams import SupportTeam
from kundcenter import converters  # noqa: F401  (registers pk)
from kundcenter.admin_mixins import ServiceSavedAdminMixin
from kundcenter.refusals import refusal_text
from replies.admin_views import reply_tool_urls

from . import admin_hygiene, services
from .admin_time import time_log_context, time_urls
from .downloads import attachment_download_response
from .models import Attachment, Case, CaseEvent, CostEstimate, Message, OutboxEmail
from .notifications import outbox_failing_q, outbox_send_one
from .promises import duration_label
from .queue import QUEUE_LABELS, QUEUE_ORDERING, QUEUE_VALUES, Queue, queue_cases
from .rules import staff_may_act
from .selectors import case_assignee_candidates, case_sla_state_q
from .sla import SlaState, case_sla_state, open_time_left
from .workflows import Category, State


class TeamFilter(admin.SimpleListFilter):
    """Specialists start on their own team's cases; "All" shows every team."""

    title = _("team")
    parameter_name = "team"

    def lookups(self, request, model_admin):
        return [*SupportTeam.choices, ("all", _("All teams"))]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {"selected": self.value() == str(lookup),
                   "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                   "display": title}

    def value(self):
        value = super().value()
        if value is None:
            user = self.request.user
            # Managers oversee every team; a specialist starts on the own team's queue.
            return "all" if is_manager(user) or not user.support_team else user.support_team
        return value

    def __init__(self, request, params, model, model_admin):
        self.request = request
        super().__init__(request, params, model, model_admin)

    def queryset(self, request, queryset):
        value = self.value()
        if value in (None, "", "all"):
            return queryset
        if value not in SupportTeam.values:
            raise IncorrectLookupParameters(f"unknown team {value!r}")
        return queryset.filter(team=value)


class SlaStateFilter(admin.SimpleListFilter):
    title = _("SLA state")
    parameter_name = "sla"

    def lookups(self, request, model_admin):
        return [(s.value, s.label) for s in SlaState]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value not in {state.value for state in SlaState}:
            raise IncorrectLookupParameters(f"unknown SLA state {value!r}")
        return queryset.filter(case_sla_state_q(SlaState(value), now=timezone.now()))


class QueueFilter(admin.SimpleListFilter):
    """The desk's saved views (cases.queue); the admin index links here with counts."""

    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [(queue.value, QUEUE_LABELS[queue]) for queue in Queue]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value not in QUEUE_VALUES:
            raise IncorrectLookupParameters(f"unknown queue {value!r}")
        return queue_cases(Queue(value), user=request.user, now=timezone.now(), cases=queryset)


class CaseChangeForm(forms.ModelForm):
    """Workflow fields that are not columns: the service applies them on save. The reply box
    is on top with the conversation; a reply and a move in one submit are one transaction
    (the reply first, so the customer reads it with the new state)."""

    reply_body = forms.CharField(
        label=_("Reply"), required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80, "id": "id_reply_body"}))
    reply_kind = forms.ChoiceField(
        label=_("Send as"), required=False, initial="public", widget=forms.RadioSelect,
        choices=[("public", _("Reply to the customer")), ("internal", _("Internal note"))])

    move_to = forms.ChoiceField(label=_("Move to state"), required=False)
    new_level = forms.TypedChoiceField(label=_("Change service level to"), required=False,
                                       coerce=int, empty_value=None,
                                       choices=[("", "—"), *[(i, str(i)) for i in range(1, 6)]])
    level_reason = forms.CharField(label=_("Reason for the level change"), required=False,
                                   help_text=_("E.g. “Workaround provided”. Required for a "
                                               "level change; logged in the history."))
    estimate_amount = forms.DecimalField(label=_("Cost estimate amount"), required=False,
                                         max_digits=10, decimal_places=2, min_value=0)
    estimate_currency = forms.ChoiceField(label=_("Currency"), required=False,
                                          choices=[("SEK", "SEK"), ("EUR", "EUR")])
    estimate_text = forms.CharField(label=_("What the estimate covers"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Case
        fields = ("assignee",)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("reply_kind") not in ("public", "internal"):
            cleaned["reply_kind"] = "public"
        if cleaned.get("new_level") and not (cleaned.get("level_reason") or "").strip():
            self.add_error("level_reason", services.REASON_REQUIRED)
        if cleaned.get("estimate_amount") is not None and not cleaned.get("estimate_text"):
            self.add_error("estimate_text", _("Describe what the estimate covers."))
        return cleaned


@admin.register(Case)
class CaseAdmin(AuditedAdminMixin, ServiceSavedAdminMixin, admin.ModelAdmin):
    audit_action_prefix = "case"
    form = CaseChangeForm
    # Seven columns, so the list and its filters fit a 1280 px screen: the category with the
    # state, and the level with the SLA state and the open time left.
    list_display = ("number", "subject_short", "customer_short", "category_state", "sla_summary",
                    "assignee_short", "registered_short")
    list_filter = (QueueFilter, TeamFilter, "category", "state", "service_level", SlaStateFilter,
                   ("customer", admin.RelatedOnlyFieldListFilter))
    search_fields = ("number", "subject", "customer__name", "customer__customer_number")
    list_select_related = ("customer", "assignee")
    list_per_page = 100
    show_full_result_count = False
    ordering = ("-registered_at",)
    actions = ["assign_to_me", "move_state", "lower_level", "transfer_team",
               admin_hygiene.merge_cases, admin_hygiene.watch_cases, admin_hygiene.unwatch_cases]
    related_cases = admin_hygiene.related_cases
    # Time is logged with the rule that decides what is billable (cases.admin_time), below
    # the form; the entries are listed there.
    inlines = []
    readonly_fields = ("number", "customer", "reporter", "module", "category", "subject",
                       "description", "service_level", "state", "team", "office", "channel",
                       "registered_at", "work_started_at", "resolved_at", "closed_at",
                       "start_deadline", "resolution_goal", "sla_state_display", "time_left",
                       "estimate_display", "conversation", "history", "related_cases")
    # In reading order: what the customer wrote and the answer box first, then where the
    # case stands, then the category's own fields; the history folded.
    fieldsets = (
        (None, {"fields": ("number", "customer", "reporter", "module", "category", "subject",
                           "description", "channel")}),
        (_("Conversation"), {"fields": ("conversation", "reply_body", "reply_kind",
                                        "move_to")}),
        (_("Workflow"), {"fields": ("state", "assignee", "team", "office", "related_cases")}),
        (_("SLA"), {"fields": ("service_level", "new_level", "level_reason", "sla_state_display",
                               "time_left", "start_deadline", "resolution_goal",
                               "registered_at", "work_started_at", "resolved_at",
                               "closed_at")}),
        (_("Cost estimate"), {"fields": ("estimate_display", "estimate_amount",
                                         "estimate_currency", "estimate_text")}),
        (_("History"), {"classes": ("collapse",), "fields": ("history",)}),
    )
    # Fields only one category has: the level and its promise are the bugs', the estimate
    # the orders'.
    CATEGORY_ONLY_FIELDS = {
        Category.SOFTWARE_BUG: {"service_level", "new_level", "level_reason", "start_deadline",
                                "sla_state_display", "time_left"},
        Category.ORDER: {"estimate_display", "estimate_amount", "estimate_currency",
                         "estimate_text"},
    }

    def get_ordering(self, request: HttpRequest) -> tuple[str, ...]:
        queue = request.GET.get("queue")
        if queue in QUEUE_VALUES:
            return QUEUE_ORDERING[Queue(queue)]
        return super().get_ordering(request)

    @admin.display(description=_("subject"), ordering="subject")
    def subject_short(self, obj: Case) -> str:
        return format_html('<span title="{}">{}</span>', obj.subject, obj.subject)

    def has_add_permission(self, request) -> bool:
        return False  # cases come from customers (portal, email), never from admin

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        targets = services.case_allowed_targets(case=obj, user=request.user) if obj else []
        choices = [("", "—"), *[(t, State(t).label) for t in targets]]

        assignees = (case_assignee_candidates(case=obj) if obj is not None
                     else None)

        class FormForThisCase(form):
            # Set on the instance's own copy of the field: class-level fields are shared
            # by every request of the process.
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                self.fields["move_to"].choices = choices
                if assignees is not None and "assignee" in self.fields:
                    # The handler is one of those who may work on the case: its team and
                    # the managers, a short list (typing a name jumps to it).
                    self.fields["assignee"].queryset = assignees

        return FormForThisCase

    def get_urls(self):
        urls = [path("<pk:case_id>/attachments/<pk:pk>/",
                     self.admin_site.admin_view(self.attachment_download),
                     name="cases_case_attachment")]
        return (urls + time_urls(self) + reply_tool_urls(self) + admin_hygiene.hygiene_urls(self)
                + super().get_urls())

    def attachment_download(self, request: HttpRequest, case_id: int, pk: int) -> FileResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        attachment = get_object_or_404(Attachment.objects.select_related("case"),
                                       pk=pk, case_id=case_id)
        return attachment_download_response(request, attachment)

    @admin.display(description=_("conversation"))
    def conversation(self, obj: Case) -> str:
        messages_ = (Message.objects.filter(case=obj).select_related("author")
                     .prefetch_related("attachments"))
        return render_to_string("admin/cases/conversation.html",
                                {"messages": messages_, "case": obj,
                                 "loose_attachments": obj.attachments.filter(message__isnull=True)})

    @admin.display(description=_("history"))
    def history(self, obj: Case) -> str:
        return render_to_string("admin/cases/history.html",
                                {"events": CaseEvent.objects.filter(case=obj)
                                 .select_related("actor")})

    @admin.display(description=_("customer"), ordering="customer__name")
    def customer_short(self, obj: Case) -> str:
        return format_html('<span title="{} ({})">{}</span>', obj.customer.name,
                           obj.customer.customer_number, obj.customer.name)

    @admin.display(description=_("assignee"), ordering="assignee__first_name")
    def assignee_short(self, obj: Case) -> str:
        if obj.assignee is None:
            return "–"
        return obj.assignee.get_full_name() or obj.assignee.email

    @admin.display(description=_("registered"), ordering="registered_at")
    def registered_short(self, obj: Case) -> str:
        return date_format(timezone.localtime(obj.registered_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("state"), ordering="state")
    def category_state(self, obj: Case) -> str:
        return format_html('{}<br><span class="quiet">{}</span>', obj.get_state_display(),
                           obj.get_category_display())

    @admin.display(description=_("SLA"), ordering="start_deadline")
    def sla_summary(self, obj: Case) -> str:
        """Level · SLA state · open time left, for the bugs that have them."""
        if obj.service_level is None:
            return "–"
        left = self.time_left(obj)
        return format_html("{} · {}{}", obj.service_level, self.sla_state_display(obj),
                           format_html('<br><span class="quiet">{}</span>', left)
                           if left != "–" else "")

    @admin.display(description=_("level"), ordering="service_level")
    def level(self, obj: Case) -> str:
        return str(obj.service_level or "–")

    @admin.display(description=_("SLA"))
    def sla_state_display(self, obj: Case) -> str:
        state = case_sla_state(obj, now=timezone.now())
        return state.label if state else "–"

    @admin.display(description=_("time left (open hours)"))
    def time_left(self, obj: Case) -> str:
        if obj.start_deadline is None or obj.work_started_at is not None:
            return "–"
        from sla.services import calendar_table_get

        left = open_time_left(calendar_table_get(obj.office), now=timezone.now(),
                              deadline=obj.start_deadline)
        # To the minute: seconds would only flicker on a page that is not live.
        minutes = timedelta(minutes=int(abs(left.total_seconds()) // 60))
        return duration_label(minutes) if left.total_seconds() >= 0 else f"−{duration_label(minutes)}"

    @admin.display(description=_("cost estimate"))
    def estimate_display(self, obj: Case) -> str:
        estimate = CostEstimate.objects.filter(case=obj).first()
        if estimate is None:
            return "–"
        status = (_("accepted %(when)s") % {"when": timezone.localtime(estimate.accepted_at)
                                                    .strftime("%Y-%m-%d %H:%M")}
                  if estimate.is_accepted else _("waiting for the customer"))
        return f"{estimate.amount} {estimate.currency} – {status}"

    def save_model(self, request, obj: Case, form, change: bool) -> None:
        now = timezone.now()
        data = form.cleaned_data
        if (data.get("reply_body") or "").strip():
            with self.refusal_on("reply_body"):
                services.case_message_add(case=obj, by=request.user, body=data["reply_body"],
                                          is_internal=data.get("reply_kind") == "internal",
                                          now=now)
        if "assignee" in form.changed_data:
            with self.refusal_on("assignee"):
                services.case_assign(case=obj, assignee=data["assignee"], by=request.user,
                                     now=now)
        if data.get("new_level"):
            with self.refusal_on("new_level"):
                services.case_level_change(case=obj, by=request.user, level=data["new_level"],
                                           reason=data["level_reason"], now=now)
        if data.get("estimate_amount") is not None:
            with self.refusal_on("estimate_amount"):
                services.case_estimate_give(case=obj, by=request.user,
                                            amount=data["estimate_amount"],
                                            currency=data["estimate_currency"] or "SEK",
                                            text=data["estimate_text"], now=now)
        if data.get("move_to"):
            with self.refusal_on("move_to"):
                services.case_transition(case=obj, by=request.user, target=data["move_to"],
                                         now=now)

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if obj is not None and request.user.has_perm("cases.add_timeentry"):
            context.update(time_log_context(request, obj, admin_site_name=self.admin_site.name))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_change_permission(self, request, obj: Case | None = None) -> bool:
        """Every specialist reads every case; changing one is for its own team and for
        managers (the services enforce the same rule for every other caller)."""
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or staff_may_act(staff_team=request.user.support_team,
                                            is_manager=is_manager(request.user),
                                            case_team=obj.team)

    def get_fieldsets(self, request, obj: Case | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            hidden = set().union(*(fields for category, fields in self.CATEGORY_ONLY_FIELDS.items()
                                   if category != obj.category))
            fieldsets = [(name, {**options, "fields": [f for f in options["fields"]
                                                       if f not in hidden]})
                         for name, options in fieldsets]
            fieldsets = [fieldset for fieldset in fieldsets if fieldset[1]["fields"]]
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only page: the write-only form fields have nothing to show.
        form_only = set(CaseChangeForm.declared_fields)
        return [(name, {**options, "fields": [f for f in options["fields"] if f not in form_only]})
                for name, options in fieldsets]

    def _each_case(self, request: HttpRequest, queryset: QuerySet[Case],
                   apply: Callable[[Case], object], done: Callable[[int], str]) -> None:
        """Run ``apply(case)`` for each selected case; a refusal is reported per case and
        the others still go through; ``done(count)`` says how many did."""
        count = 0
        for case in queryset:
            try:
                apply(case)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{case.number}: {refusal_text(error)}",
                                  level=messages.WARNING)
            else:
                count += 1
        self.message_user(request, done(count))

    def _action_page(self, request: HttpRequest, queryset: QuerySet[Case], action: str,
                     title: str, **extra) -> HttpResponse:
        """The confirmation page of a bulk action (``admin/cases/<action>.html``), which
        posts back with ``apply`` and the selected cases."""
        return render(request, f"admin/cases/{action}.html", {
            **self.admin_site.each_context(request), "cases": queryset, "action": action,
            "title": title, **extra})

    def _posted_choice(self, request: HttpRequest, name: str, allowed: Iterable[str],
                       refusal: str) -> str | None:
        """The confirmation page's ``name`` if it is one of ``allowed``; else says so."""
        value = request.POST.get(name, "")
        if value in allowed:
            return value
        self.message_user(request, refusal, level=messages.ERROR)
        return None

    @admin.action(description=_("Assign to me"))
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        now = timezone.now()
        self._each_case(
            request, queryset,
            lambda case: services.case_assign(case=case, assignee=request.user,
                                              by=request.user, now=now),
            lambda count: ngettext("Assigned %(count)d case to you.",
                                   "Assigned %(count)d cases to you.", count) % {"count": count})

    @admin.action(description=_("Move to state…"))
    def move_state(self, request: HttpRequest, queryset: QuerySet[Case]):
        if "apply" not in request.POST:
            return self._action_page(request, queryset, "move_state",
                                     _("Move cases to another state"), states=State.choices)
        target = self._posted_choice(request, "target", State.values, _("Choose a state."))
        if target is not None:
            self._each_case(
                request, queryset,
                lambda case: services.case_transition(case=case, by=request.user, target=target,
                                                      now=timezone.now()),
                lambda count: ngettext("Moved %(count)d case.", "Moved %(count)d cases.",
                                       count) % {"count": count})
        return None

    @admin.action(description=_("Lower service level (workaround given)…"))
    def lower_level(self, request: HttpRequest, queryset: QuerySet[Case]):
        if "apply" not in request.POST:
            return self._action_page(request, queryset, "lower_level",
                                     _("Lower the service level"))
        level = self._posted_choice(request, "level", {"1", "2", "3", "4", "5"},
                                    _("Choose a service level from 1 to 5."))
        reason = request.POST.get("reason", "").strip()
        if level is not None:
            self._each_case(
                request, queryset,
                lambda case: services.case_level_change(case=case, by=request.user,
                                                        level=int(level), reason=reason,
                                                        now=timezone.now()),
                lambda count: ngettext("Changed the level of %(count)d case.",
                                       "Changed the level of %(count)d cases.", count)
                % {"count": count})
        return None

    @admin.action(description=_("Transfer to the other team…"))
    def transfer_team(self, request: HttpRequest, queryset: QuerySet[Case]):
        if "apply" not in request.POST:
            return self._action_page(request, queryset, "transfer_team",
                                     _("Transfer cases to the other team"),
                                     teams=SupportTeam.choices)
        team = self._posted_choice(request, "team", SupportTeam.values, _("Choose a team."))
        reason = request.POST.get("reason", "")
        if team is not None:
            self._each_case(
                request, queryset,
                lambda case: services.case_transfer(case=case, by=request.user, team=team,
                                                    reason=reason, now=timezone.now()),
                lambda count: ngettext("Transferred %(count)d case.",
                                       "Transferred %(count)d cases.", count) % {"count": count})
        return None


class OutboxStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("failing", _("Failing")), ("unsent", _("Not sent yet")), ("sent", _("Sent"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "failing":
            return queryset.filter(outbox_failing_q())
        if value == "unsent":
            return queryset.filter(sent_at__isnull=True)
        if value == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "template", "language", "status", "attempts",
                    "next_attempt_at", "error_short")
    list_filter = (OutboxStatusFilter, "template")
    search_fields = ("recipient",)
    readonly_fields = ("case", "recipient", "language", "template", "context", "created_at",
                       "sent_at", "attempts", "last_attempt_at", "next_attempt_at", "last_error")
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("status"))
    def status(self, obj: OutboxEmail) -> str:
        from .notifications import OUTBOX_MAX_ATTEMPTS

        if obj.sent_at:
            return str(_("Sent"))
        if obj.attempts >= OUTBOX_MAX_ATTEMPTS:
            return str(_("Given up"))
        return str(_("Failing")) if obj.last_error else str(_("Waiting"))

    @admin.display(description=_("last error"))
    def error_short(self, obj: OutboxEmail) -> str:
        return obj.last_error[:120]

    @admin.action(description=_("Retry now"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxEmail]) -> None:
        sent = failed = 0
        for email in queryset.filter(sent_at__isnull=True):
            if outbox_send_one(email.pk, force=True):
                sent += 1
            else:
                failed += 1
        self.message_user(request, ngettext("Sent %(count)d email.", "Sent %(count)d emails.",
                                            sent) % {"count": sent})
        if failed:
            self.message_user(request, ngettext(
                "%(count)d email failed again; its error is shown in the list.",
                "%(count)d emails failed again; their errors are shown in the list.", failed)
                % {"count": failed}, level=messages.WARNING)
