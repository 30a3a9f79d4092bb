"""Default office calendars and their closed days, generated from the `holidays` package.

Rule book §1: SE = `holidays.SE(include_sundays=False)` public holidays plus the de-facto
closed days Midsommarafton, Julafton and Nyårsafton; FI = `holidays.FI()` public holidays.
The generated days are stored as data (seed migration, yearly window extension), so a newer
package never moves a deadline silently. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo

import holidays

from sla.calendar import CalendarRules, DayHours, OpeningTable

__all__ = [
    "DEFAULT_FIRST_YEAR",
    "DEFAULT_LAST_YEAR",
    "OFFICES",
    "OfficeDefaults",
    "closed_days",
    "default_rules",
    "default_table",
]

# The window the seed migration fills; sla.tasks.calendar_window_extend keeps it ahead.
DEFAULT_FIRST_YEAR = 2020
DEFAULT_LAST_YEAR = 2040

UNKNOWN_OFFICE = "Unknown support office {office!r}; known: {known}"

# The de-facto category of holidays.SE may grow in a later release; the rule book closes
# only these three, identified by their English names because those are stable keys.
SE_DE_FACTO_CLOSED = frozenset({"Midsummer Eve", "Christmas Eve", "New Year's Eve"})


@dataclass(frozen=True)
class OfficeDefaults:
    office: str
    name: str
    time_zone: str
    weekly: tuple[DayHours, ...]
    eve_closes_at: time
    holiday_language: str


def _hours(*pairs: tuple[str, str]) -> DayHours:
    return tuple((time.fromisoformat(opens), time.fromisoformat(closes)) for opens, closes in pairs)


_SE_DAY = _hours(("08:00", "12:00"), ("13:00", "16:00"))
_FI_DAY = _hours(("08:00", "11:00"), ("12:00", "16:00"))
_FI_FRIDAY = _hours(("08:00", "11:00"), ("12:00", "14:00"))

OFFICES: Mapping[str, OfficeDefaults] = {
    "SE": OfficeDefaults(
        office="SE",
        name="Kundcenter Sverige",
        time_zone="Europe/Stockholm",
        weekly=(_SE_DAY,) * 5 + ((), ()),
        eve_closes_at=time(13),
        holiday_language="sv",
    ),
    "FI": OfficeDefaults(
        office="FI",
        name="Asiakaskeskus Suomi",
        time_zone="Europe/Helsinki",
        weekly=(_FI_DAY,) * 4 + (_FI_FRIDAY, (), ()),
        eve_closes_at=time(14),
        holiday_language="fi",
    ),
}


def _defaults(office: str) -> OfficeDefaults:
    try:
        return OFFICES[office]
    except KeyError:
        raise ValueError(UNKNOWN_OFFICE.format(office=office, known=", ".join(OFFICES))) from None


def closed_days(office: str, years: Iterable[int]) -> dict[date, str]:
    """The generated closed days of `office` in `years`, named in the office's language."""
    defaults = _defaults(office)
    years = list(years)
    language = defaults.holiday_language
    if office == "SE":
        result = dict(holidays.SE(years=years, include_sundays=False, language=language))
        de_facto_en = holidays.SE(
            years=years, include_sundays=False, categories=(holidays.DE_FACTO,), language="en_US"
        )
        de_facto = holidays.SE(
            years=years, include_sundays=False, categories=(holidays.DE_FACTO,), language=language
        )
        result.update(
            (day, de_facto[day]) for day, name in de_facto_en.items() if name in SE_DE_FACTO_CLOSED
        )
    else:
        result = dict(holidays.FI(years=years, language=language))
    return dict(sorted(result.items()))


def default_rules(
    office: str,
    *,
    years: Iterable[int],
    day_overrides: Mapping[date, DayHours] | None = None,
    with_eves: bool = True,
) -> CalendarRules:
    """The office calendar as seeded, with generated closed days for `years`.

    `with_eves=False` drops the eve rule: the benchmark compares against a library that
    cannot express it.
    """
    defaults = _defaults(office)
    return CalendarRules(
        office=office,
        time_zone=ZoneInfo(defaults.time_zone),
        weekly=defaults.weekly,
        eve_closes_at=defaults.eve_closes_at if with_eves else None,
        closed_days=closed_days(office, years),
        day_overrides=day_overrides or {},
    )


def default_table(
    office: str, *, first_year: int = DEFAULT_FIRST_YEAR, last_year: int = DEFAULT_LAST_YEAR
) -> OpeningTable:
    """An opening table of the seeded calendar, without a database.

    Closed days are generated one year past the window so that 31 December can tell
    whether it is an eve.
    """
    rules = default_rules(office, years=range(first_year, last_year + 2))
    return OpeningTable(rules, first_year=first_year, last_year=last_year)
