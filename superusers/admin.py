from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kundcenter.admin_mixins import ServiceSavedAdminMixin
from kundcenter.admin_safety import SafeRelatedFieldsAdminMixin

from .models import SuperUserSeat
from .services import superuser_seat_assign, superuser_seat_check, superuser_seat_release


class SeatAddForm(forms.ModelForm):
    class Meta:
        model = SuperUserSeat
        fields = ("licence", "user")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("licence") and cleaned.get("user"):
            superuser_seat_check(licence=cleaned["licence"], user=cleaned["user"])
        return cleaned


@admin.register(SuperUserSeat)
class SuperUserSeatAdmin(SafeRelatedFieldsAdminMixin, ServiceSavedAdminMixin, admin.ModelAdmin):
    form = SeatAddForm
    list_display = ("user", "licence", "customer", "assigned_at", "assigned_by")
    list_filter = ("licence__customer__office_country",)
    search_fields = ("user__email", "user__last_name", "licence__number", "licence__customer__name")
    autocomplete_fields = ("user", "licence")
    list_select_related = ("user", "licence__customer", "assigned_by")
    actions = ["release_seats"]

    @admin.display(description=_("customer"))
    def customer(self, obj: SuperUserSeat):
        return obj.licence.customer

    def get_readonly_fields(self, request, obj=None):
        return ("licence", "user") if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            return
        # The form checked the seat limit; this can still lose a race for the last seat,
        # and then the form comes back with the reason instead of "added successfully".
        with self.refusal_on("user"):
            seat = superuser_seat_assign(licence=obj.licence, user=obj.user,
                                         assigned_by=request.user)
        obj.pk = seat.pk

    def delete_model(self, request, obj):
        superuser_seat_release(seat=obj, released_by=request.user)

    def delete_queryset(self, request, queryset):
        for seat in queryset.select_related("licence", "user"):
            superuser_seat_release(seat=seat, released_by=request.user)

    @admin.action(description=_("Release selected seats"))
    def release_seats(self, request, queryset):
        self.delete_queryset(request, queryset)
