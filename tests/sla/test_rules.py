from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from sla.calendar import add_open_time, open_time_between
from sla.rules import (
    PRESET_NOT_ALLOWED,
    SERVICE_LEVELS,
    GrantPreset,
    GrantPresetNotAllowed,
    UnknownGrantPreset,
    UnknownServiceLevel,
    grant_expiry,
    grant_presets_offered,
    resolution_goal,
    resolution_window_opens,
    start_deadline,
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


class TestStartDeadline:
    @pytest.mark.parametrize("level, hours", [(1, 2), (2, 4), (3, 12), (4, 48), (5, 48)])
    def test_is_open_time_of_the_level(self, se, level, hours):
        registered = at("2026-03-02T10:17:00+01:00")
        deadline = start_deadline(se, registered, level)
        assert deadline == add_open_time(se, registered, timedelta(hours=hours))
        assert open_time_between(se, registered, deadline) == timedelta(hours=hours)
        assert SERVICE_LEVELS[level].start_within == timedelta(hours=hours)

    @pytest.mark.parametrize("level", [0, 6, None, "1"])
    def test_unknown_levels_are_refused(self, se, level):
        with pytest.raises(UnknownServiceLevel):
            start_deadline(se, at("2026-03-02T10:00:00+01:00"), level)


class TestResolutionGoal:
    def test_level_1_registered_late_is_solved_by_tomorrows_close(self, se):
        # The rule book's own example: 15:30 must be started by 09:30 tomorrow.
        registered = at("2026-03-03T15:30:00+01:00")
        assert start_deadline(se, registered, 1) == at("2026-03-04T09:30:00+01:00")
        assert resolution_goal(se, registered, 1) == at("2026-03-04T16:00:00+01:00")

    def test_level_1_on_an_eve_is_the_eve_close(self, se):
        assert resolution_goal(se, at("2026-12-23T08:30:00+01:00"), 1) == at(
            "2026-12-23T12:00:00+01:00"
        )

    def test_level_2_uses_the_iso_week_of_the_start_deadline(self, fi):
        # Thursday afternoon: start deadline Friday, goal that Friday's 14:00 close.
        assert resolution_goal(fi, at("2026-03-05T15:00:00+02:00"), 2) == at(
            "2026-03-06T14:00:00+02:00"
        )
        # Friday 13:00: 1 h left on Friday, 3 h on Monday -> next week's Friday.
        assert resolution_goal(fi, at("2026-03-06T13:00:00+02:00"), 2) == at(
            "2026-03-13T14:00:00+02:00"
        )

    def test_level_3_steps_back_over_closed_days(self, se):
        # Start deadline Mon 30 Nov 2026 16:00; + 28 days = Mon 28 Dec (open).
        registered = at("2026-11-27T10:00:00+01:00")
        assert start_deadline(se, registered, 3) == at("2026-11-30T16:00:00+01:00")
        assert resolution_goal(se, registered, 3) == at("2026-12-28T16:00:00+01:00")
        # Start deadline Fri 27 Nov 16:00; + 28 days = Juldagen -> back to the 23 Dec eve.
        registered = at("2026-11-26T10:00:00+01:00")
        assert start_deadline(se, registered, 3) == at("2026-11-27T16:00:00+01:00")
        assert resolution_goal(se, registered, 3) == at("2026-12-23T12:00:00+01:00")

    def test_level_4_and_5_use_calendar_months(self, fi):
        registered = at("2027-08-25T09:00:00+03:00")  # start deadline Fri 3 Sep 2027
        assert start_deadline(fi, registered, 4).date() == date(2027, 9, 3)
        assert resolution_goal(fi, registered, 4) == at("2028-03-03T14:00:00+02:00")
        assert resolution_goal(fi, registered, 5) == at("2028-09-01T14:00:00+03:00")
        assert resolution_window_opens(fi, registered, 4) == date(2027, 10, 3)
        assert resolution_window_opens(fi, registered, 2) is None

    def test_goal_never_precedes_the_start_deadline(self, se):
        for level in SERVICE_LEVELS:
            registered = at("2026-06-18T11:59:00+02:00")
            assert resolution_goal(se, registered, level) >= start_deadline(se, registered, level)


class TestGrantExpiry:
    def test_working_hours_preset_counts_open_time(self, se):
        granted = at("2026-02-13T15:00:00+01:00")  # 1 h on Friday, 7 h on Monday
        assert grant_expiry(se, granted, "8wh") == at("2026-02-16T16:00:00+01:00")

    def test_elapsed_presets_count_real_seconds_across_dst(self, se):
        granted = at("2026-10-24T12:00:00+02:00")  # Saturday before the autumn change
        assert grant_expiry(se, granted, "24h") == at("2026-10-25T11:00:00+01:00")
        friday = at("2026-03-27T12:00:00+01:00")
        expiry = grant_expiry(se, friday, "72h")
        assert expiry == at("2026-03-30T13:00:00+02:00")
        assert expiry.utcoffset() == timedelta(hours=2)
        assert (expiry - friday) == timedelta(hours=72)

    def test_72h_refused_off_a_friday_with_a_clear_message(self, fi):
        # Friday 00:30 in Stockholm is already Friday 01:30 in Helsinki; Thursday 23:30 in
        # Helsinki is refused even though it is Friday nowhere else.
        thursday = at("2026-02-12T23:30:00+02:00")
        with pytest.raises(GrantPresetNotAllowed) as error:
            grant_expiry(fi, thursday, "72h")
        assert str(error.value) == PRESET_NOT_ALLOWED.format(
            preset="72h", day="2026-02-12", weekday="Thursday"
        )

    def test_72h_on_a_holiday_friday(self, se):
        assert grant_expiry(se, at("2026-12-25T10:00:00+01:00"), "72h") == at(
            "2026-12-28T10:00:00+01:00"
        )

    def test_presets_offered(self, se):
        assert grant_presets_offered(se, at("2026-02-13T10:00:00+01:00")) == tuple(GrantPreset)
        assert GrantPreset.HOURS_72 not in grant_presets_offered(
            se, at("2026-02-12T10:00:00+01:00")
        )

    def test_unknown_preset(self, se):
        with pytest.raises(UnknownGrantPreset):
            grant_expiry(se, at("2026-02-13T10:00:00+01:00"), "1w")

    def test_naive_grant_time_is_refused(self, se):
        with pytest.raises(ValueError, match="aware"):
            grant_expiry(se, datetime(2026, 2, 13, 10), "24h")
