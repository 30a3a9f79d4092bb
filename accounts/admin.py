from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdminMixin
from customers.models import TrainingCompletion

from .models import User


class TrainingInline(admin.TabularInline):
    model = TrainingCompletion
    extra = 0
    autocomplete_fields = ("module",)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    audit_action_prefix = "user"
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "customer", "requested_customer",
                    "support_team", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "support_team", "language",
                   ("customer", admin.EmptyFieldListFilter))
    search_fields = ("email", "first_name", "last_name", "customer__name",
                     "customer__customer_number")
    autocomplete_fields = ("customer", "requested_customer")
    list_select_related = ("customer", "requested_customer")
    inlines = [TrainingInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "phone", "language")}),
        (_("Customer"), {"fields": ("customer", "requested_customer")}),
        (_("Staff"), {"fields": ("support_team", "is_active", "is_staff", "is_superuser",
                                 "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("customer", "last_login", "date_joined")
    add_fieldsets = ((None, {"classes": ("wide",),
                             "fields": ("email", "password1", "password2")}),)
