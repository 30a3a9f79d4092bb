from django.contrib import admin

from .models import InboundMail


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    """What became of each inbound mail; a failed one shows why (nothing is deleted)."""

    list_display = ("received_at", "office", "from_addr", "subject", "route", "status", "case")
    list_filter = ("status", "route", "office")
    search_fields = ("from_addr", "subject", "key")
    readonly_fields = ("key", "office", "received_at", "from_addr", "subject", "route", "reason",
                       "status", "error", "case")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
