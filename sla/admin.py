"""Staff edit calendars here; every save goes through `sla.services`, so the calendar's
version bumps and every process rebuilds its opening table."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kundcenter.admin_mixins import ReadOnlyInline, ServiceSavedAdminMixin

from .models import (
    ClosedDay,
    DayOverride,
    DayOverrideInterval,
    SupportCalendar,
    WeeklyOpeningInterval,
)
from .services import (
    calendar_settings_update,
    closed_day_add,
    closed_day_remove,
    day_override_remove,
    day_override_set,
    hours_validate,
    weekly_hours_set,
)


def _kept_forms(formset: forms.BaseFormSet) -> list[forms.Form]:
    return [
        form
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
    ]


class WeeklyIntervalFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return  # a row with errors has no complete cleaned_data to check
        by_weekday: dict[int, list[tuple[Any, Any]]] = {}
        for form in _kept_forms(self):
            data = form.cleaned_data
            by_weekday.setdefault(data["weekday"], []).append((data["opens_at"], data["closes_at"]))
        for intervals in by_weekday.values():
            hours_validate(intervals)

    def weekly_hours(self) -> dict[int, list[tuple[Any, Any]]]:
        """All seven weekdays as the form now says (a weekday without rows is closed)."""
        hours: dict[int, list[tuple[Any, Any]]] = {weekday: [] for weekday in range(7)}
        for form in _kept_forms(self):
            data = form.cleaned_data
            hours[data["weekday"]].append((data["opens_at"], data["closes_at"]))
        return hours


class WeeklyOpeningIntervalInline(admin.TabularInline):
    model = WeeklyOpeningInterval
    formset = WeeklyIntervalFormSet
    extra = 0
    fields = ("weekday", "opens_at", "closes_at")


class UpcomingClosedDayInline(ReadOnlyInline, admin.TabularInline):
    """Closures are added and removed in the closed-day admin (via services)."""

    model = ClosedDay
    fields = ("date", "name", "source")
    show_change_link = True
    verbose_name_plural = _("closed days this year and next")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ClosedDay]:
        year = timezone.localdate().year
        return super().get_queryset(request).filter(date__year__in=(year, year + 1))


class DayOverrideInline(ReadOnlyInline, admin.TabularInline):
    model = DayOverride
    fields = ("date", "note")
    show_change_link = True


@admin.register(SupportCalendar)
class SupportCalendarAdmin(ServiceSavedAdminMixin, admin.ModelAdmin):
    list_display = (
        "office",
        "name",
        "time_zone",
        "eve_closes_at",
        "first_year",
        "last_year",
        "version",
        "updated_at",
    )
    fields = list_display
    readonly_fields = ("office", "first_year", "last_year", "version", "updated_at")
    inlines = [WeeklyOpeningIntervalInline, DayOverrideInline, UpcomingClosedDayInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # one calendar per office, seeded by migration

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> None:
        if form.has_changed():
            calendar_settings_update(
                calendar=obj,
                name=obj.name,
                time_zone=obj.time_zone,
                eve_closes_at=obj.eve_closes_at,
                actor=request.user,
            )

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: list, change: bool
    ) -> None:
        for formset in formsets:
            if isinstance(formset, WeeklyIntervalFormSet) and formset.has_changed():
                weekly_hours_set(
                    calendar=form.instance, hours=formset.weekly_hours(), actor=request.user
                )


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        years = model_admin.get_queryset(request).dates("date", "year")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if not value:
            return queryset
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 9999):
            # Django's answer to an unusable filter value: the list again, with ?e=1.
            raise IncorrectLookupParameters(f"not a year: {value!r}")
        return queryset.filter(date__year=int(value))


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "name", "calendar", "source")
    list_filter = ("calendar", YearFilter, "source")
    search_fields = ("name",)
    readonly_fields = ("source",)
    list_select_related = ("calendar",)
    date_hierarchy = "date"

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj: ClosedDay) -> str:
        return dateformat.format(obj.date, "l")

    def save_model(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> None:
        if change and {"calendar", "date"} & set(form.changed_data):
            original = ClosedDay.objects.select_related("calendar").get(pk=obj.pk)
            closed_day_remove(calendar=original.calendar, day=original.date, actor=request.user)
        saved = closed_day_add(
            calendar=obj.calendar, day=obj.date, name=obj.name, actor=request.user
        )
        obj.pk, obj.source = saved.pk, saved.source

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        closed_day_remove(calendar=obj.calendar, day=obj.date, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for closed_day in queryset.select_related("calendar"):
            self.delete_model(request, closed_day)


class OverrideIntervalFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return  # a row with errors has no complete cleaned_data to check
        hours_validate(self.intervals())

    def intervals(self) -> list[tuple[Any, Any]]:
        return [
            (f.cleaned_data["opens_at"], f.cleaned_data["closes_at"]) for f in _kept_forms(self)
        ]


class DayOverrideIntervalInline(admin.TabularInline):
    model = DayOverrideInterval
    formset = OverrideIntervalFormSet
    extra = 2
    fields = ("opens_at", "closes_at")


@admin.register(DayOverride)
class DayOverrideAdmin(ServiceSavedAdminMixin, admin.ModelAdmin):
    list_display = ("date", "calendar", "note", "hours")
    list_filter = ("calendar",)
    search_fields = ("note",)
    date_hierarchy = "date"
    inlines = [DayOverrideIntervalInline]

    @admin.display(description=_("hours"))
    def hours(self, obj: DayOverride) -> str:
        intervals = ", ".join(str(interval) for interval in obj.intervals.all())
        return intervals or pgettext_lazy("opening hours", "Closed")

    def get_queryset(self, request: HttpRequest) -> QuerySet[DayOverride]:
        return (
            super().get_queryset(request).select_related("calendar").prefetch_related("intervals")
        )

    def save_model(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> None:
        """Deferred to save_related, where the intervals are known: one service call."""

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: list, change: bool
    ) -> None:
        obj = form.instance
        if change and {"calendar", "date"} & set(form.changed_data):
            original = DayOverride.objects.select_related("calendar").get(pk=obj.pk)
            day_override_remove(calendar=original.calendar, day=original.date, actor=request.user)
        intervals = [i for fs in formsets for i in fs.intervals()]
        saved = day_override_set(
            calendar=obj.calendar,
            day=obj.date,
            intervals=intervals,
            note=obj.note,
            actor=request.user,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        day_override_remove(calendar=obj.calendar, day=obj.date, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for override in queryset.select_related("calendar"):
            self.delete_model(request, override)
