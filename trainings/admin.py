"""Staff schedule sessions and record who took part (which unlocks case registration on the
module). Bookings are made and cancelled by the SuperUsers in the portal."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.admin import AuditedAdminMixin
from kundcenter.admin_mixins import ReadOnlyInline
from kundcenter.admin_safety import SafeRelatedFieldsAdminMixin
from kundcenter.refusals import refusal_text

from .models import TrainingBooking, TrainingSession
from .services import training_attendance_record


def _record(modeladmin: admin.ModelAdmin, request: HttpRequest,
            bookings: QuerySet[TrainingBooking]) -> None:
    try:
        created = training_attendance_record(bookings=list(bookings), by=request.user,
                                             now=timezone.now())
    except ValidationError as refusal:
        modeladmin.message_user(request, refusal_text(refusal), messages.ERROR)
        return
    modeladmin.message_user(request, ngettext(
        "Attendance recorded; %(count)d new completed training.",
        "Attendance recorded; %(count)d new completed trainings.", created) % {"count": created},
        messages.SUCCESS)


class TrainingBookingInline(ReadOnlyInline, admin.TabularInline):
    model = TrainingBooking
    fields = ("user", "customer", "status", "created_at", "attended_at")
    extra = 0

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(SafeRelatedFieldsAdminMixin, admin.ModelAdmin):
    list_display = ("module", "starts_at", "ends_at", "language", "format", "seats",
                    "booked_display", "waiting_display")
    list_filter = ("module", "language", "format")
    date_hierarchy = "starts_at"
    search_fields = ("module__name", "place")
    ordering = ("-starts_at",)
    fields = ("module", "language", "format", "place", "url", "starts_at", "ends_at", "seats")
    inlines = [TrainingBookingInline]
    actions = ["record_attendance"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("module").annotate(
            booked=Count("bookings", filter=Q(bookings__status__in=["booked", "attended"])),
            waiting=Count("bookings", filter=Q(bookings__status="waiting")))

    @admin.display(description=_("booked"), ordering="booked")
    def booked_display(self, obj: TrainingSession) -> int:
        return obj.booked

    @admin.display(description=_("waiting"), ordering="waiting")
    def waiting_display(self, obj: TrainingSession) -> int:
        return obj.waiting

    @admin.action(description=_("Record attendance: everyone booked took part"))
    def record_attendance(self, request: HttpRequest, queryset: QuerySet[TrainingSession]) -> None:
        _record(self, request, TrainingBooking.objects.filter(
            session__in=queryset, status__in=["booked", "attended"]))


@admin.register(TrainingBooking)
class TrainingBookingAdmin(SafeRelatedFieldsAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    audit_action_prefix = "training_booking"
    list_display = ("user", "customer", "session", "status", "created_at", "attended_at")
    list_filter = ("status", "session__module", "session")
    search_fields = ("user__email", "user__last_name", "customer__name")
    list_select_related = ("user", "customer", "session__module")
    actions = ["record_attendance"]
    fields = list_display + ("seat_given_at", "cancelled_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # SuperUsers book in the portal

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Record attendance: these people took part"),
                  permissions=["view"])
    def record_attendance(self, request: HttpRequest, queryset: QuerySet[TrainingBooking]) -> None:
        _record(self, request, queryset)
