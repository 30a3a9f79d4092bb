from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kundcenter.admin_mixins import ReadOnlyInline
from kundcenter.admin_safety import SafeRelatedFieldsAdminMixin
from superusers.models import SuperUserSeat

from .models import Customer, Licence, Module, TrainingCompletion


class LicenceInline(admin.TabularInline):
    model = Licence
    extra = 0
    fields = ("number", "valid_from", "valid_until", "is_active")
    show_change_link = True


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "customer_number", "office_country", "industry", "team",
                    "payment_status", "is_active")
    list_filter = ("office_country", "payment_status", "is_active", "industry")
    search_fields = ("name", "customer_number")
    inlines = [LicenceInline]

    @admin.display(description=_("support team"))
    def team(self, obj: Customer) -> str:
        return obj.support_team.label


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


class SeatInline(ReadOnlyInline, admin.TabularInline):
    """Seats are added through the seat admin, which enforces the limit."""

    model = SuperUserSeat
    fk_name = "licence"
    fields = ("user", "assigned_at", "assigned_by")


@admin.register(Licence)
class LicenceAdmin(SafeRelatedFieldsAdminMixin, admin.ModelAdmin):
    list_display = ("number", "customer", "module_count", "seats_used", "valid_from",
                    "valid_until", "is_active")
    list_filter = ("is_active", "customer__office_country", "modules")
    search_fields = ("number", "customer__name", "customer__customer_number")
    autocomplete_fields = ("customer",)
    filter_horizontal = ("modules",)
    list_select_related = ("customer",)
    ordering = ("number",)  # stable pages, also in the seat form's licence autocomplete
    inlines = [SeatInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            _modules=Count("modules", distinct=True), _seats=Count("seats", distinct=True))

    @admin.display(description=_("modules"), ordering="_modules")
    def module_count(self, obj: Licence) -> int:
        return obj._modules

    @admin.display(description=_("seats used"), ordering="_seats")
    def seats_used(self, obj: Licence) -> int:
        return obj._seats


@admin.register(TrainingCompletion)
class TrainingCompletionAdmin(SafeRelatedFieldsAdminMixin, admin.ModelAdmin):
    list_display = ("user", "module", "completed_on")
    list_filter = ("module",)
    search_fields = ("user__email", "user__last_name", "module__name")
    autocomplete_fields = ("user", "module")
    list_select_related = ("user", "module")
