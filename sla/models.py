from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from customers.models import OfficeCountry

CLOSES_AFTER_OPENS = _("The closing time must be after the opening time.")
UNKNOWN_TIME_ZONE = _("Unknown time zone %(value)s; use an IANA name such as Europe/Stockholm.")


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            UNKNOWN_TIME_ZONE, code="time_zone", params={"value": value}
        ) from None


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class SupportCalendar(models.Model):
    """The opening hours of one support office.

    Change it only through `sla.services`: they bump `version`, which tells every process
    that its cached opening table is stale.
    """

    office = models.CharField(_("office"), max_length=2, choices=OfficeCountry.choices, unique=True)
    name = models.CharField(_("name"), max_length=100)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    eve_closes_at = models.TimeField(
        _("eve closes at"),
        null=True,
        blank=True,
        help_text=_(
            "On the day before a holiday the normal hours end at this time. Empty: no eve rule."
        ),
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(
        _("last year"),
        help_text=_(
            "Deadlines can be computed up to the end of this year; closed days are "
            "generated one year further."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("support calendar")
        verbose_name_plural = _("support calendars")
        ordering = ["-office"]  # SE before FI: the order the contact page shows them
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="sla_calendar_window_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.office})"


class WeeklyOpeningInterval(models.Model):
    calendar = models.ForeignKey(
        SupportCalendar,
        verbose_name=_("calendar"),
        on_delete=models.CASCADE,
        related_name="weekly_intervals",
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("weekly opening interval")
        verbose_name_plural = _("weekly opening intervals")
        ordering = ["calendar", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="sla_weekly_closes_after_opens",
                violation_error_message=CLOSES_AFTER_OPENS,
            ),
            models.UniqueConstraint(
                fields=["calendar", "weekday", "opens_at"], name="sla_weekly_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class ClosedDaySource(models.TextChoices):
    GENERATED = "generated", _("Generated from the holiday calendar")
    STAFF = "staff", _("Added by staff")


class ClosedDay(models.Model):
    calendar = models.ForeignKey(
        SupportCalendar,
        verbose_name=_("calendar"),
        on_delete=models.CASCADE,
        related_name="closed_days",
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100)
    source = models.CharField(
        _("source"), max_length=10, choices=ClosedDaySource.choices, default=ClosedDaySource.STAFF
    )

    class Meta:
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="sla_closed_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class DayOverride(models.Model):
    """A day's exact opening hours; without intervals the office is closed that day.

    Wins over closed days and the weekly hours, and is never shortened as an eve.
    """

    calendar = models.ForeignKey(
        SupportCalendar,
        verbose_name=_("calendar"),
        on_delete=models.CASCADE,
        related_name="day_overrides",
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("day override")
        verbose_name_plural = _("day overrides")
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="sla_day_override_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.note}".strip()


class DayOverrideInterval(models.Model):
    override = models.ForeignKey(
        DayOverride,
        verbose_name=_("day override"),
        on_delete=models.CASCADE,
        related_name="intervals",
    )
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("override interval")
        verbose_name_plural = _("override intervals")
        ordering = ["override", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="sla_override_closes_after_opens",
                violation_error_message=CLOSES_AFTER_OPENS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opens_at:%H:%M}–{self.closes_at:%H:%M}"
