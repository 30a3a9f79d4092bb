"""Dates, times and amounts as each portal language writes them. Plain functions: the
moment, the language and the time zone are parameters (no clock, no active locale).

    sv  ons 2 dec. 12:00     ke 2.12. klo 12.00  fi     en  Wed 2 Dec 12:00

Weekday and month names come from Django's own translated catalogues, never from the C
locale of the process (strftime would print "Dec" or "Jou" whatever the reader reads).
Swedish and Finnish write weekdays in lower case, also where Django's catalogue capitalises
them, since they stand mid-sentence ("it expired on måndag …").

When a year is shown: the short forms (`format_moment`, `format_day`, the `when` and
`when_date` filters) leave it out, because what the portal shows is near (a deadline, a
reply, an expiry). Pass `with_year=True` (`when_year`) for what may lie in another year:
licence periods, an archive, history older than a few months. `format_moment_long` (the
wording of emails and confirmations, which are read later and elsewhere) always has it."""

from __future__ import annotations

import functools
from datetime import date, datetime, time, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR

NBSP = "\u00a0"
CURRENCY_SYMBOLS = {"sv": {"SEK": "kr", "EUR": "€"}, "fi": {"EUR": "€", "SEK": "kr"}}


def _names(day: date, language: str) -> tuple[str, str]:
    return _names_of(day.weekday(), day.month, language)


# Switching the active language for every date on a page cost more than the rest of a
# list row; the names are fixed per process (compiled catalogues), 7 x 12 per language.
@functools.cache
def _names_of(weekday_index: int, month: int, language: str) -> tuple[str, str]:
    with translation.override(language):
        weekday = str(WEEKDAYS_ABBR[weekday_index])
        short, full = str(MONTHS_3[month]), str(MONTHS[month])
    if language == "sv":
        # Swedish writes short names in full ("mars", "maj", "juni") and marks the cut ("dec.").
        short = full if len(full) <= 4 else f"{short}."
    elif language == "en":
        short = short.capitalize()
    return weekday, short


def format_weekday(day: date, language: str) -> str:
    return _names(day, language)[0]


def format_day(day: date, language: str, *, with_year: bool = False) -> str:
    """sv 'ons 2 dec.', fi 'ke 2.12.', en 'Wed 2 Dec' (with the year: '… 2026')."""
    weekday, month = _names(day, language)
    if language == "fi":
        text = f"{weekday} {day.day}.{day.month}."
        return f"{text}{day.year}" if with_year else text
    text = f"{weekday} {day.day} {month}"
    return f"{text} {day.year}" if with_year else text


def format_time_of_day(moment: datetime | time, language: str) -> str:
    """A bare time, as inside a sentence that says "klo" itself: fi '16.00', else '16:00'."""
    return f"{moment:%H.%M}" if language == "fi" else f"{moment:%H:%M}"


def format_clock(moment: datetime | time, language: str) -> str:
    """A time standing alone: fi 'klo 16.00', else '16:00'."""
    text = format_time_of_day(moment, language)
    return f"klo {text}" if language == "fi" else text


def format_weekday_long(day: date, language: str) -> str:
    with translation.override(language):
        name = str(WEEKDAYS[day.weekday()])
    return name if language == "en" else name.lower()


def format_moment(moment: datetime, language: str, tz: tzinfo, *, with_year: bool = False) -> str:
    """A moment in ``tz``: sv 'ons 2 dec. 12:00', fi 'ke 2.12. klo 12.00', en 'Wed 2 Dec 12:00'."""
    local = moment.astimezone(tz)
    return f"{format_day(local.date(), language, with_year=with_year)} {format_clock(local, language)}"


def format_moment_long(moment: datetime, language: str, tz: tzinfo) -> str:
    """In full, with the year: sv 'måndag 16 februari 2026 10:00',
    fi 'maanantai 16.2.2026 klo 10.00', en 'Monday 16 February 2026 10:00'."""
    local = moment.astimezone(tz)
    day = local.date()
    weekday = format_weekday_long(day, language)
    if language == "fi":
        text = f"{weekday} {day.day}.{day.month}.{day.year}"
    else:
        with translation.override(language):
            month = str(MONTHS[day.month])
        text = f"{weekday} {day.day} {month} {day.year}"
    return f"{text} {format_clock(local, language)}"


def _grouped(amount: Decimal, thousands: str, decimal_mark: str) -> str:
    rounded = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, cents = f"{abs(rounded):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{thousands.join(groups)}{decimal_mark}{cents}"


def format_money(amount: Decimal, currency: str, language: str) -> str:
    """sv '4 800,00 kr', fi '4 800,00 €', en 'SEK 4,800.00' (no-break spaces in sv/fi)."""
    amount = Decimal(amount)
    if language in CURRENCY_SYMBOLS:
        symbol = CURRENCY_SYMBOLS[language].get(currency, currency)
        return f"{_grouped(amount, NBSP, ',')}{NBSP}{symbol}"
    return f"{currency}{NBSP}{_grouped(amount, ',', '.')}"
