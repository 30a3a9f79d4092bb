"""The admin a tutorial would register: the same columns, filters and search as the portal's
case admin, and the conversation as a plain inline."""

from django.contrib import admin

from .models import Case, Message


class MessageInline(admin.TabularInline):
    model = Message
    fields = ("author", "body", "is_internal", "created_at")
    raw_id_fields = ("author",)
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("number", "subject", "customer", "category", "state", "assignee",
                    "registered_at")
    list_filter = ("category", "state", "service_level")
    search_fields = ("number", "subject", "customer__name")
    list_select_related = ("customer", "assignee")
    list_per_page = 100
    show_full_result_count = False
    ordering = ("-registered_at",)
    raw_id_fields = ("customer", "reporter", "assignee", "module")
    inlines = [MessageInline]
