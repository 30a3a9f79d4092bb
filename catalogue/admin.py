from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kundcenter.admin_safety import SafeRelatedFieldsAdminMixin

from .models import ServiceCategory, ServiceItem


class ServiceItemInline(SafeRelatedFieldsAdminMixin, admin.TabularInline):
    model = ServiceItem
    fields = ("name", "price_sek", "price_eur", "price_unit", "module", "is_active", "position")
    autocomplete_fields = ("module",)
    extra = 0
    show_change_link = True


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(SafeRelatedFieldsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "position")
    list_editable = ("position",)
    search_fields = ("name", "name_sv", "name_fi", "name_en", "code")
    inlines = (ServiceItemInline,)


@admin.register(ServiceItem)
class ServiceItemAdmin(SafeRelatedFieldsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "category", "price_sek", "price_eur", "price_unit", "module",
                    "is_active", "position")
    list_filter = ("category", "is_active", "price_unit")
    search_fields = ("name", "name_sv", "name_fi", "name_en", "description")
    list_select_related = ("category", "module")
    autocomplete_fields = ("module",)
    fieldsets = (
        (None, {"fields": ("category", "module", "is_active", "position")}),
        (_("Name"), {"fields": ("name", "name_sv", "name_fi", "name_en")}),
        (_("Description"), {"fields": ("description", "description_sv", "description_fi",
                                    "description_en")}),
        (_("Price"), {"fields": ("price_sek", "price_eur", "price_unit")}),
    )
