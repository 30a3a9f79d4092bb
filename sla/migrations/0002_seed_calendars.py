"""Seed the SE and FI support calendars: weekly hours, eve rule and generated closed days.

The window is 2020-2040; closed days are generated through 2041 so that 31 Dec 2040 knows
whether it is an eve. `sla.tasks.calendar_window_extend` moves the window on from here.
"""

from django.db import migrations

FIRST_YEAR = 2020
LAST_YEAR = 2040


def seed(apps, schema_editor):
    from sla.holiday_source import OFFICES, closed_days

    SupportCalendar = apps.get_model("sla", "SupportCalendar")
    WeeklyOpeningInterval = apps.get_model("sla", "WeeklyOpeningInterval")
    ClosedDay = apps.get_model("sla", "ClosedDay")
    for office, defaults in OFFICES.items():
        calendar, created = SupportCalendar.objects.get_or_create(
            office=office,
            defaults={
                "name": defaults.name,
                "time_zone": defaults.time_zone,
                "eve_closes_at": defaults.eve_closes_at,
                "first_year": FIRST_YEAR,
                "last_year": LAST_YEAR,
            },
        )
        if not created:
            continue
        WeeklyOpeningInterval.objects.bulk_create(
            WeeklyOpeningInterval(
                calendar=calendar, weekday=weekday, opens_at=opens, closes_at=closes
            )
            for weekday, hours in enumerate(defaults.weekly)
            for opens, closes in hours
        )
        ClosedDay.objects.bulk_create(
            ClosedDay(calendar=calendar, date=day, name=name, source="generated")
            for day, name in closed_days(office, range(FIRST_YEAR, LAST_YEAR + 2)).items()
        )


def unseed(apps, schema_editor):
    apps.get_model("sla", "SupportCalendar").objects.filter(office__in=["SE", "FI"]).delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
