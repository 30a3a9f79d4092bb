"""The support calendars (privacy.registry): opening hours and holidays, nobody's data."""

from __future__ import annotations

from privacy.registry import declare, not_personal

from .models import ClosedDay, DayOverride, DayOverrideInterval, SupportCalendar, WeeklyOpeningInterval

declare(SupportCalendar, fields=not_personal("id", "office", "name", "time_zone", "eve_closes_at",
                                             "first_year", "last_year", "version", "updated_at"))
declare(WeeklyOpeningInterval, fields=not_personal("id", "calendar", "weekday", "opens_at", "closes_at"))
declare(ClosedDay, fields=not_personal("id", "calendar", "date", "name", "source"))
# note: staff's note on why the office keeps other hours that day ("Midsummer Eve").
declare(DayOverride, fields=not_personal("id", "calendar", "date", "note"))
declare(DayOverrideInterval, fields=not_personal("id", "override", "opens_at", "closes_at"))
