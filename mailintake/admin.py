from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html
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

    def get_queryset(self, request):
        # Whose address it is, in the list's one query (not one per row).
        person = User.objects.filter(email__iexact=OuterRef("address"))
        return super().get_queryset(request).annotate(
            person_id=Subquery(person.values("pk")[:1]))

    @admin.display(description=_("person"))
    def person(self, obj: BouncingAddress) -> str:
        if not obj.person_id:
            return "–"
        return format_html('<a href="{}">#{}</a>',
                           reverse("admin:accounts_user_change", args=[obj.person_id]),
                           obj.person_id)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
