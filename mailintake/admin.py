from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import BouncingAddress, InboundMail


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


@admin.register(BouncingAddress)
class BouncingAddressAdmin(admin.ModelAdmin):
    """Addresses our mail bounces from: ask the customer for a working one. Deleting a row
    (after the address was fixed) is the way to say it works again."""

    list_display = ("address", "person", "bounces", "last_status", "last_bounced_at",
                    "first_bounced_at")
    search_fields = ("address",)
    readonly_fields = ("address", "bounces", "last_status", "first_bounced_at", "last_bounced_at")

    @admin.display(description=_("person"))
    def person(self, obj: BouncingAddress) -> str:
        user = User.objects.filter(email__iexact=obj.address).select_related("customer").first()
        if user is None:
            return "–"
        return f"{user.get_full_name() or user.email} ({user.customer or _('staff')})"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
