"""For product specialists: which customers have a support login now, how long it lasts, and
"Record use" before logging in. Grant facts are read-only here: only the customer grants and
revokes."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdminMixin
from kundcenter.admin_mixins import ReadOnlyInline
from kundcenter.client_ip import client_ip
from kundcenter.refusals import refusal_text
from sla.presentation import office_datetime_long
from sla.services import calendar_table_get

from .models import GrantStatus, SupportLoginGrant, SupportLoginUse, active_at_q
from .presentation import time_left_label
from .services import support_login_use


class ActiveNowFilter(admin.SimpleListFilter):
    title = _("active now")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Active now")), ("no", _("Ended (expired or revoked)"))]

    def queryset(self, request, queryset):
        # The clock decides, never expiry_processed_at: a grant the beat job has not reached
        # yet is already "ended" here.
        now = timezone.now()
        if self.value() == "yes":
            return queryset.filter(active_at_q(now))
        if self.value() == "no":
            return queryset.exclude(active_at_q(now))
        if self.value():
            raise IncorrectLookupParameters(f"unknown value {self.value()!r}")  # list, ?e=1
        return queryset


class SupportLoginUseInline(ReadOnlyInline, admin.TabularInline):
    model = SupportLoginUse
    fields = ("at", "specialist")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SupportLoginGrant)
class SupportLoginGrantAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_action_prefix = "support_login"
    list_display = ("customer", "case", "kind", "status_display", "expires_display",
                    "time_left_display", "granted_by", "granted_at")
    list_filter = (ActiveNowFilter, "kind", ("customer", admin.RelatedOnlyFieldListFilter))
    search_fields = ("case__number", "customer__name", "customer__customer_number")
    list_select_related = ("customer", "case", "granted_by")
    ordering = ("expires_at",)
    actions = ["record_use"]
    inlines = [SupportLoginUseInline]
    fields = ("customer", "case", "kind", "preset", "reason", "status_display", "granted_by",
              "granted_at", "expires_display", "time_left_display", "expires_at", "revoked_at",
              "revoked_by", "expiry_processed_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # only the customer's SuperUsers grant (in the portal)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record of who had access when is kept

    @admin.display(description=_("status"))
    def status_display(self, obj: SupportLoginGrant) -> str:
        return str(obj.status_at(timezone.now()).label)

    @admin.display(description=_("expires (office time)"), ordering="expires_at")
    def expires_display(self, obj: SupportLoginGrant) -> str:
        # One calendar check per request (sla.middleware), however many rows.
        return office_datetime_long(calendar_table_get(obj.case.office), obj.expires_at)

    @admin.display(description=_("time left"))
    def time_left_display(self, obj: SupportLoginGrant) -> str:
        now = timezone.now()
        if obj.status_at(now) != GrantStatus.ACTIVE:
            return "–"
        return time_left_label(obj.expires_at - now)

    @admin.action(description=_("Record use (I am logging in now)"))
    def record_use(self, request: HttpRequest, queryset: QuerySet[SupportLoginGrant]) -> None:
        for grant in queryset.select_related("case", "customer"):
            try:
                support_login_use(grant=grant, specialist=request.user, now=timezone.now(),
                                  ip_address=client_ip(request))
            except (ValidationError, PermissionDenied) as error:
                text = refusal_text(error)
                self.message_user(request, f"{grant.customer} · {grant.case.number}: {text}",
                                  level=messages.ERROR)
            else:
                left = time_left_label(grant.expires_at - timezone.now())
                self.message_user(request, _("Use recorded for %(customer)s, case %(number)s: "
                                             "%(left)s left.")
                                  % {"customer": grant.customer, "number": grant.case.number,
                                     "left": left})
