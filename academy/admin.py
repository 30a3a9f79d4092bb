from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdminMixin
from kundcenter.admin_safety import SafeRelatedFieldsAdminMixin

from .forms import ResourceAdminForm, WishAdminForm
from .models import Release, ReleaseSection, Resource, Wish
from .services import release_publish, wish_handle


class ReleaseSectionInline(SafeRelatedFieldsAdminMixin, admin.StackedInline):
    model = ReleaseSection
    extra = 1
    fields = ("module", "language", "body")


@admin.register(Release)
class ReleaseAdmin(SafeRelatedFieldsAdminMixin, admin.ModelAdmin):
    """Release notes: written as drafts, published (and mailed to subscribers once) with
    the action."""

    list_display = ("version", "name", "published_at", "notified_at")
    list_filter = (("published_at", admin.EmptyFieldListFilter),)
    search_fields = ("version", "name")
    readonly_fields = ("published_at", "notified_at", "created_at")
    fields = ("version", "name", "published_at", "notified_at", "created_at")
    inlines = [ReleaseSectionInline]
    actions = ["publish"]

    @admin.action(description=_("Publish and email the subscribers"), permissions=["change"])
    def publish(self, request, queryset) -> None:
        now = timezone.now()
        total = 0
        for release in queryset:
            try:
                total += release_publish(release=release, now=now)
            except ValidationError as error:
                self.message_user(request, f"{release}: {' '.join(error.messages)}",
                                  messages.ERROR)
        self.message_user(request, gettext("Published. Emails written to subscribers: {count}")
                          .format(count=total), messages.SUCCESS)


@admin.register(Resource)
class ResourceAdmin(SafeRelatedFieldsAdminMixin, admin.ModelAdmin):
    form = ResourceAdminForm
    list_display = ("title", "module", "kind", "language", "is_published")
    list_filter = ("kind", "language", "is_published", "module")
    search_fields = ("title", "description")
    list_select_related = ("module",)


@admin.register(Wish)
class WishAdmin(AuditedAdminMixin, SafeRelatedFieldsAdminMixin, admin.ModelAdmin):
    """SuperUsers' wishes for knowledge material: staff mark them done with a note the
    SuperUser reads in the portal."""

    audit_action_prefix = "academy_wish"
    form = WishAdminForm
    list_display = ("created_at", "customer", "module", "short_text", "status")
    list_filter = ("status", "module")
    search_fields = ("text", "customer__name")
    list_select_related = ("customer", "module")
    readonly_fields = ("customer", "user", "module", "text", "created_at", "handled_at")
    fields = ("customer", "user", "module", "text", "created_at", "status", "staff_note",
              "handled_at")

    def has_add_permission(self, request) -> bool:
        return False  # wishes come from the portal

    @admin.display(description=_("wish"))
    def short_text(self, obj: Wish) -> str:
        return Truncator(obj.text).chars(80)

    def save_model(self, request, obj: Wish, form, change: bool) -> None:
        wish_handle(wish=obj, status=form.cleaned_data["status"],
                    staff_note=form.cleaned_data["staff_note"], now=timezone.now())
        if obj.status == "done":
            messages.info(request, gettext("The SuperUser sees the note on their wishes page."))
