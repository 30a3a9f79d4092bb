from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdminMixin
from customers.models import TrainingCompletion
from kundcenter.admin_safety import SafeRelatedFieldsAdminMixin

from .models import NotificationPreference, User


class TrainingInline(SafeRelatedFieldsAdminMixin, admin.TabularInline):
    model = TrainingCompletion
    extra = 0
    autocomplete_fields = ("module",)


class NotificationPreferenceInline(admin.TabularInline):
    """Shown so support can answer "why did I get no email?"; the person sets them."""

    model = NotificationPreference
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "delivery")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(SafeRelatedFieldsAdminMixin, AuditedAdminMixin, DjangoUserAdmin):
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
    inlines = [TrainingInline, NotificationPreferenceInline]
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
    actions = ["personal_data_overview", "personal_data_erase"]

    @admin.action(description=_("Show the person's personal data"))
    def personal_data_overview(self, request, queryset):
        return self._one_person(request, queryset, "privacy:person_overview")

    @admin.action(description=_("Erase personal data…"), permissions=["erase"])
    def personal_data_erase(self, request, queryset):
        return self._one_person(request, queryset, "admin:privacy_person_erase")

    def has_erase_permission(self, request) -> bool:
        return request.user.has_perm("privacy.change_erasurerequest")

    def _one_person(self, request, queryset, url_name: str):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one person."), messages.WARNING)
            return None
        kwargs = {"user_id": queryset.get().pk}
        return redirect(reverse(url_name, kwargs=kwargs))


# Django's own group admin, with the permission list that refuses values no key can have.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SafeRelatedFieldsAdminMixin, DjangoGroupAdmin):
    pass


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    """django-axes' own admin; its clean-up action reads the time of the attempt from the
    request, which only a login request has (an AttributeError, a 500, from the admin)."""

    @admin.action(description=AxesAccessAttemptAdmin.cleanup_expired_attempts.short_description)
    def cleanup_expired_attempts(self, request, queryset):
        request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)
