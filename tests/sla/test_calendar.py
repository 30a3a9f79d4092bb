from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from sla.calendar import (
    NAIVE_DATETIME,
    CalendarRules,
    ConsumedInterval,
    DurationUnits,
    OpeningTable,
    OutsideCalendarWindow,
    add_open_time,
    close_of_day,
    current_interval,
    day_intervals,
    explain,
    format_duration,
    format_explanation,
    is_eve,
    is_open,
    last_open_day_on_or_before,
    next_opening,
    open_time_between,
    to_local,
)
from sla.holiday_source import SE_DE_FACTO_CLOSED, closed_days, default_rules

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def hhmm(*pairs: tuple[str, str]) -> tuple[tuple[time, time], ...]:
    return tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in pairs)


def table_with(**changes) -> OpeningTable:
    """The SE calendar of 2026-2027 with staff edits applied."""
    rules = default_rules("SE", years=range(2026, 2029))
    rules = CalendarRules(
        office=rules.office,
        time_zone=rules.time_zone,
        weekly=rules.weekly,
        eve_closes_at=rules.eve_closes_at,
        closed_days={**rules.closed_days, **changes.get("closed_days", {})},
        day_overrides=changes.get("day_overrides", {}),
    )
    return OpeningTable(rules, first_year=2026, last_year=2027)


class TestHoursOfADay:
    @pytest.mark.parametrize(
        "day, why",
        [
            ("2026-01-05", "Trettondagsafton"),
            ("2026-04-02", "Maundy Thursday"),
            ("2026-04-30", "Valborg, before May Day"),
            ("2026-05-13", "the day before Ascension"),
            ("2026-06-05", "6 June is a Saturday"),
            ("2026-06-18", "Thursday before Midsommarafton"),
            ("2026-10-30", "Friday before Alla helgons dag"),
            ("2026-12-23", "before Julafton"),
            ("2026-12-30", "before Nyårsafton"),
        ],
    )
    def test_swedish_eves_from_the_rule_book(self, se, day, why):
        day = date.fromisoformat(day)
        assert is_eve(se, day), why
        assert [(a.time(), b.time()) for a, b in day_intervals(se, day)] == list(
            hhmm(("08:00", "12:00"))
        )
        assert close_of_day(se, day) == datetime.combine(day, time(12), STOCKHOLM)

    def test_julafton_on_a_sunday_leaves_friday_a_full_day(self, se):
        # 24 Dec 2023 is a Sunday; Saturday 23 Dec is an ordinary Saturday.
        assert not is_eve(se, date(2023, 12, 22))
        assert close_of_day(se, date(2023, 12, 22)).time() == time(16)

    def test_finnish_friday_eve_is_never_longer_than_the_friday(self, fi):
        friday = date(2026, 6, 5)  # FI: no holiday on Saturday 6 June
        eve_friday = date(2027, 12, 31)  # New Year's Day 2028 is a Saturday
        assert not is_eve(fi, friday)
        assert is_eve(fi, eve_friday)
        assert [(a.time(), b.time()) for a, b in day_intervals(fi, eve_friday)] == list(
            hhmm(("08:00", "11:00"), ("12:00", "14:00"))
        )

    def test_finnish_weekday_eve_closes_at_14(self, fi):
        assert [(a.time(), b.time()) for a, b in day_intervals(fi, date(2026, 12, 23))] == list(
            hhmm(("08:00", "11:00"), ("12:00", "14:00"))
        )

    def test_closed_days_and_weekends_have_no_intervals(self, se):
        assert day_intervals(se, date(2026, 12, 24)) == ()
        assert day_intervals(se, date(2026, 2, 14)) == ()
        assert close_of_day(se, date(2026, 2, 15)) is None

    def test_intervals_keep_local_hours_across_dst(self, se):
        for day in (date(2026, 3, 27), date(2026, 3, 30), date(2026, 10, 23), date(2026, 10, 26)):
            assert [(a.time(), b.time()) for a, b in day_intervals(se, day)] == list(
                hhmm(("08:00", "12:00"), ("13:00", "16:00"))
            )
        assert day_intervals(se, date(2026, 3, 30))[0][0].utcoffset() == timedelta(hours=2)
        assert day_intervals(se, date(2026, 10, 26))[0][0].utcoffset() == timedelta(hours=1)


class TestStaffEdits:
    def test_an_override_opens_a_holiday_and_the_day_before_is_no_longer_an_eve(self):
        table = table_with(day_overrides={date(2026, 5, 14): hhmm(("09:00", "11:00"))})
        assert [(a.time(), b.time()) for a, b in day_intervals(table, date(2026, 5, 14))] == [
            (time(9), time(11))
        ]
        assert not is_eve(table, date(2026, 5, 13))

    def test_a_closing_override_makes_the_day_before_an_eve(self):
        table = table_with(day_overrides={date(2026, 3, 11): ()})
        assert day_intervals(table, date(2026, 3, 11)) == ()
        assert is_eve(table, date(2026, 3, 10))

    def test_an_added_closed_day_makes_the_day_before_an_eve(self):
        table = table_with(closed_days={date(2026, 3, 11): "Inventering"})
        assert is_eve(table, date(2026, 3, 10))
        assert close_of_day(table, date(2026, 3, 10)).time() == time(12)

    def test_an_overridden_day_keeps_its_hours_even_before_a_holiday(self):
        table = table_with(day_overrides={date(2026, 12, 23): hhmm(("08:00", "15:00"))})
        assert not is_eve(table, date(2026, 12, 23))
        assert close_of_day(table, date(2026, 12, 23)).time() == time(15)

    def test_rules_do_not_follow_later_mutation_of_their_inputs(self):
        extra = {date(2026, 3, 11): "Inventering"}
        rules = CalendarRules(office="SE", time_zone=STOCKHOLM, weekly=((),) * 7, closed_days=extra)
        extra[date(2026, 3, 12)] = "later"
        assert date(2026, 3, 12) not in rules.closed_days

    def test_bad_hours_are_refused(self):
        with pytest.raises(ValueError):
            CalendarRules(office="X", time_zone=STOCKHOLM, weekly=((),) * 6)
        with pytest.raises(ValueError):
            CalendarRules(
                office="X",
                time_zone=STOCKHOLM,
                weekly=(hhmm(("08:00", "12:00"), ("11:00", "16:00")),) + ((),) * 6,
            )
        with pytest.raises(ValueError):
            CalendarRules(
                office="X", time_zone=STOCKHOLM, weekly=(hhmm(("12:00", "08:00")),) + ((),) * 6
            )


class TestQueries:
    def test_is_open_half_open_interval(self, se):
        assert is_open(se, at("2026-02-10T08:00:00+01:00"))
        assert not is_open(se, at("2026-02-10T16:00:00+01:00"))
        assert is_open(se, at("2026-02-10T15:59:59.999999+01:00"))

    def test_next_opening(self, se):
        assert next_opening(se, at("2026-02-13T16:00:00+01:00")) == at("2026-02-16T08:00:00+01:00")
        inside = at("2026-02-10T08:30:00+00:00")  # 09:30 in Stockholm
        assert next_opening(se, inside) == inside
        assert next_opening(se, inside).tzinfo == STOCKHOLM

    def test_current_interval(self, se):
        assert current_interval(se, at("2026-02-10T13:30:00+01:00")) == (
            at("2026-02-10T13:00:00+01:00"),
            at("2026-02-10T16:00:00+01:00"),
        )
        assert current_interval(se, at("2026-02-10T12:30:00+01:00")) is None

    def test_add_open_time_zero_gives_next_opening_or_the_instant_itself(self, se):
        assert add_open_time(se, at("2026-02-10T12:30:00+01:00"), timedelta(0)) == at(
            "2026-02-10T13:00:00+01:00"
        )
        assert add_open_time(se, at("2026-02-10T16:00:00+01:00"), timedelta(0)) == at(
            "2026-02-11T08:00:00+01:00"
        )
        assert add_open_time(se, at("2026-02-10T09:00:00+01:00"), timedelta(0)) == at(
            "2026-02-10T09:00:00+01:00"
        )

    def test_add_open_time_keeps_microseconds(self, se):
        result = add_open_time(se, at("2026-02-10T11:59:59.250000+01:00"), timedelta(seconds=1))
        assert result == at("2026-02-10T13:00:00.250000+01:00")
        result = add_open_time(se, at("2026-02-10T11:00:00+01:00"), timedelta(hours=1))
        assert result == at("2026-02-10T12:00:00+01:00")
        result = add_open_time(
            se, at("2026-02-10T11:00:00.5+01:00"), timedelta(minutes=59, seconds=59.5)
        )
        assert result == at("2026-02-10T12:00:00+01:00")

    def test_add_open_time_answers_in_office_time(self, se):
        result = add_open_time(se, at("2026-02-10T10:30:00+00:00"), timedelta(hours=1))
        assert result.tzinfo == STOCKHOLM
        assert result.isoformat() == "2026-02-10T13:30:00+01:00"  # lunch skipped

    def test_open_time_between(self, se):
        a, b = at("2026-02-10T11:30:00+01:00"), at("2026-02-10T13:15:00.5+01:00")
        assert open_time_between(se, a, b) == timedelta(minutes=45, microseconds=500_000)
        assert open_time_between(se, b, a) == timedelta(0)

    def test_last_open_day(self, se):
        assert last_open_day_on_or_before(se, date(2026, 6, 21)) == date(2026, 6, 18)
        assert last_open_day_on_or_before(se, date(2026, 6, 18)) == date(2026, 6, 18)

    def test_to_local(self, fi):
        assert to_local(fi, at("2026-02-10T06:00:00+00:00")).isoformat() == (
            "2026-02-10T08:00:00+02:00"
        )


class TestRefusals:
    def test_naive_datetimes_are_refused(self, se):
        naive = datetime(2026, 2, 10, 9)
        with pytest.raises(ValueError, match="aware") as error:
            is_open(se, naive)
        assert str(error.value) == NAIVE_DATETIME.format(value=naive)

    def test_negative_duration_is_refused(self, se):
        with pytest.raises(ValueError):
            add_open_time(se, at("2026-02-10T09:00:00+01:00"), timedelta(seconds=-1))

    def test_queries_outside_the_window_raise(self):
        table = table_with()
        with pytest.raises(OutsideCalendarWindow, match="2026-2027"):
            is_open(table, at("2025-12-31T10:00:00+01:00"))
        with pytest.raises(OutsideCalendarWindow):
            add_open_time(table, at("2027-12-30T10:00:00+01:00"), timedelta(hours=48))
        with pytest.raises(OutsideCalendarWindow):
            close_of_day(table, date(2028, 1, 3))
        with pytest.raises(OutsideCalendarWindow):
            next_opening(table, at("2027-12-31T18:00:00+01:00"))


class TestExplanation:
    def test_explain_lists_the_consumed_intervals(self, se):
        start = at("2026-02-10T08:00:00+01:00")
        end = add_open_time(se, start, timedelta(hours=5, minutes=30))
        pieces = explain(se, start, end)
        assert pieces == [
            ConsumedInterval(start, at("2026-02-10T12:00:00+01:00")),
            ConsumedInterval(at("2026-02-10T13:00:00+01:00"), at("2026-02-10T14:30:00+01:00")),
        ]
        assert format_explanation(pieces, day_label=lambda d: WEEKDAYS_EN[d.weekday()]) == (
            "Tue 08:00–12:00 (4 h), Tue 13:00–14:30 (1 h 30 min)"
        )

    def test_explain_clips_and_sums_to_open_time(self, se):
        start = at("2026-04-01T15:59:30+02:00")
        end = at("2026-04-07T08:00:45+02:00")
        pieces = explain(se, start, end)
        assert [p.start.date().isoformat() for p in pieces] == [
            "2026-04-01",
            "2026-04-02",
            "2026-04-07",
        ]
        assert sum((p.duration for p in pieces), timedelta()) == open_time_between(se, start, end)
        text = format_explanation(
            pieces, day_label=lambda d: d.isoformat(), units=DurationUnits("t", "min", "s")
        )
        assert text == (
            "2026-04-01 15:59:30–16:00 (30 s), 2026-04-02 08:00–12:00 (4 t), "
            "2026-04-07 08:00–08:00:45 (45 s)"
        )

    def test_explain_of_an_empty_span(self, se):
        moment = at("2026-02-10T12:30:00+01:00")
        assert explain(se, moment, moment + timedelta(minutes=20)) == []

    @pytest.mark.parametrize(
        "duration, text",
        [
            (timedelta(hours=4), "4 h"),
            (timedelta(minutes=45), "45 min"),
            (timedelta(hours=1, seconds=5), "1 h 5 s"),
            (timedelta(0), "0 min"),
        ],
    )
    def test_format_duration(self, duration, text):
        assert format_duration(duration) == text


class TestHolidaySource:
    def test_sweden_closes_three_de_facto_days_and_no_ordinary_sundays(self):
        days = closed_days("SE", [2026])
        assert days[date(2026, 6, 19)] == "Midsommarafton"
        assert days[date(2026, 12, 24)] == "Julafton"
        assert days[date(2026, 12, 31)] == "Nyårsafton"
        assert date(2026, 2, 15) not in days  # an ordinary Sunday
        assert date(2026, 12, 6) not in days
        assert len(SE_DE_FACTO_CLOSED) == 3

    def test_finland_public_holidays_include_the_eves_it_closes(self):
        days = closed_days("FI", [2026])
        assert days[date(2026, 6, 19)] == "Juhannusaatto"
        assert days[date(2026, 12, 24)] == "Jouluaatto"
        assert days[date(2026, 12, 6)] == "Itsenäisyyspäivä"
        assert date(2026, 12, 31) not in days

    def test_unknown_office(self):
        with pytest.raises(ValueError, match="Unknown support office"):
            closed_days("NO", [2026])

    def test_table_window_is_utc_safe(self, se):
        assert se.window_start == int(datetime(2019, 12, 31, 23, tzinfo=UTC).timestamp())
