"""Service levels, deadlines and support-login grant durations (rule book §3-§4).

Pure functions over an `OpeningTable`: no Django, no clock.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from sla.calendar import (
    OpeningTable,
    add_open_time,
    close_of_day,
    last_open_day_on_or_before,
    to_local,
)

__all__ = [
    "CONSULTANT_GRANT_PRESET",
    "DEFAULT_GRANT_PRESET",
    "DEFAULT_LEVEL",
    "GRANT_PRESETS",
    "SERVICE_LEVELS",
    "WORKAROUND_LEVEL",
    "GoalKind",
    "GrantPreset",
    "GrantPresetNotAllowed",
    "ServiceLevel",
    "UnknownGrantPreset",
    "UnknownServiceLevel",
    "grant_expiry",
    "grant_presets_offered",
    "resolution_goal",
    "resolution_window_opens",
    "start_deadline",
]

UNKNOWN_LEVEL = "Unknown service level {level!r}; levels are 1-5"
UNKNOWN_PRESET = "Unknown support-login duration {preset!r}; presets are {known}"
PRESET_NOT_ALLOWED = (
    "A {preset} support login can only be granted on a Friday (office-local date); "
    "{day} is a {weekday}"
)

FRIDAY = 4


class UnknownServiceLevel(ValueError):
    pass


class UnknownGrantPreset(ValueError):
    pass


class GrantPresetNotAllowed(ValueError):
    """The preset exists but may not be granted at that moment (72 h off a Friday)."""


class GoalKind(enum.Enum):
    SAME_DAY = "same_day"
    SAME_WEEK = "same_week"
    WITHIN_4_WEEKS = "within_4_weeks"
    WITHIN_1_TO_6_MONTHS = "within_1_to_6_months"
    WITHIN_1_TO_12_MONTHS = "within_1_to_12_months"


@dataclass(frozen=True)
class ServiceLevel:
    level: int
    start_within: timedelta
    goal: GoalKind


SERVICE_LEVELS: Mapping[int, ServiceLevel] = {
    level.level: level
    for level in (
        ServiceLevel(1, timedelta(hours=2), GoalKind.SAME_DAY),
        ServiceLevel(2, timedelta(hours=4), GoalKind.SAME_WEEK),
        ServiceLevel(3, timedelta(hours=12), GoalKind.WITHIN_4_WEEKS),
        ServiceLevel(4, timedelta(hours=48), GoalKind.WITHIN_1_TO_6_MONTHS),
        ServiceLevel(5, timedelta(hours=48), GoalKind.WITHIN_1_TO_12_MONTHS),
    )
}
DEFAULT_LEVEL = 5
# "Alternativ lösning": a workaround lowers level 1 or 2 to this one.
WORKAROUND_LEVEL = 3


def _service_level(level: int) -> ServiceLevel:
    try:
        return SERVICE_LEVELS[level]
    except (KeyError, TypeError):
        raise UnknownServiceLevel(UNKNOWN_LEVEL.format(level=level)) from None


def start_deadline(table: OpeningTable, registered_at: datetime, level: int) -> datetime:
    """When work on a bug of `level` registered at `registered_at` must have started."""
    return add_open_time(table, registered_at, _service_level(level).start_within)


def _goal_day(anchor: date, goal: GoalKind) -> date:
    """The last calendar day the goal may fall on, counted from the anchor day."""
    if goal is GoalKind.SAME_DAY:
        return anchor
    if goal is GoalKind.SAME_WEEK:
        return anchor + timedelta(days=6 - anchor.weekday())  # Sunday of the ISO week
    if goal is GoalKind.WITHIN_4_WEEKS:
        return anchor + timedelta(days=28)
    if goal is GoalKind.WITHIN_1_TO_6_MONTHS:
        return anchor + relativedelta(months=6)
    return anchor + relativedelta(months=12)


def resolution_goal(table: OpeningTable, registered_at: datetime, level: int) -> datetime:
    """The resolution goal: the close of the last open day on or before the goal day, which
    is counted from the office-local date of the start deadline (rule book §3)."""
    service_level = _service_level(level)
    anchor = start_deadline(table, registered_at, level).date()
    day = last_open_day_on_or_before(table, _goal_day(anchor, service_level.goal))
    closes = close_of_day(table, day)
    assert closes is not None  # an open day has a close
    return closes


def resolution_window_opens(
    table: OpeningTable, registered_at: datetime, level: int
) -> date | None:
    """First day of the "within 1-N months" window of levels 4 and 5; None for the others."""
    if _service_level(level).goal not in (
        GoalKind.WITHIN_1_TO_6_MONTHS,
        GoalKind.WITHIN_1_TO_12_MONTHS,
    ):
        return None
    return start_deadline(table, registered_at, level).date() + relativedelta(months=1)


class GrantPreset(enum.StrEnum):
    WORKING_HOURS_8 = "8wh"
    HOURS_24 = "24h"
    HOURS_72 = "72h"


GRANT_PRESETS: tuple[str, ...] = tuple(GrantPreset)
DEFAULT_GRANT_PRESET = GrantPreset.WORKING_HOURS_8
CONSULTANT_GRANT_PRESET = GrantPreset.HOURS_24


def _grant_preset(preset: str) -> GrantPreset:
    try:
        return GrantPreset(preset)
    except ValueError:
        raise UnknownGrantPreset(
            UNKNOWN_PRESET.format(preset=preset, known=", ".join(GRANT_PRESETS))
        ) from None


def grant_presets_offered(table: OpeningTable, at: datetime) -> tuple[GrantPreset, ...]:
    """The presets a SuperUser may choose at `at`: 72 h only on an office-local Friday."""
    if to_local(table, at).weekday() == FRIDAY:
        return tuple(GrantPreset)
    return (GrantPreset.WORKING_HOURS_8, GrantPreset.HOURS_24)


def grant_expiry(table: OpeningTable, granted_at: datetime, preset: str) -> datetime:
    """When a support login granted at `granted_at` expires, in office-local time.

    "8wh" is 8 h of open time; "24h" and "72h" are elapsed time, also across DST.
    Raises GrantPresetNotAllowed for "72h" off a Friday, UnknownGrantPreset for the rest.
    """
    chosen = _grant_preset(preset)
    if chosen is GrantPreset.WORKING_HOURS_8:
        return add_open_time(table, granted_at, timedelta(hours=8))
    if chosen not in grant_presets_offered(table, granted_at):
        local_day = to_local(table, granted_at).date()
        raise GrantPresetNotAllowed(
            PRESET_NOT_ALLOWED.format(
                preset=chosen.value, day=local_day.isoformat(), weekday=local_day.strftime("%A")
            )
        )
    elapsed = timedelta(hours=24 if chosen is GrantPreset.HOURS_24 else 72)
    # Adding in UTC counts real seconds; adding to a local time would be off by a DST shift.
    return (granted_at.astimezone(UTC) + elapsed).astimezone(table.time_zone)
