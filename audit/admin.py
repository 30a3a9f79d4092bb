from django.contrib import admin

from kundcenter.client_ip import client_ip

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The processing log, filterable by whose data (person) and by who processed it
    (actor): ?person__id__exact=<id>, ?actor__id__exact=<id>, or the search box by id."""

    list_display = ("at", "actor", "actor_role", "action", "subject_type", "subject_id", "person",
                    "customer_id", "ip_address")
    list_filter = ("action", "actor_role", "subject_type")
    search_fields = ("=actor__id", "=person__id", "actor__email", "person__email", "action",
                     "=subject_id")
    date_hierarchy = "at"
    list_select_related = ("actor", "person")
    readonly_fields = ("at", "actor", "actor_role", "action", "subject_type", "subject_id",
                       "person", "customer_id", "ip_address", "details")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AuditedAdminMixin:
    """Admin pages that show a person's data write an audit entry each time they are opened."""

    audit_action_prefix = ""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from .services import audit_record

        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            audit_record(
                actor=request.user, action=f"{self.audit_action_prefix}.view", subject=obj,
                customer_id=getattr(obj, "customer_id", None),
                ip_address=client_ip(request),
            )
        return response
