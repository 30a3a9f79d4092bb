"""Who may act on a case, and the small business rules of estimates and numbering, as plain
functions: no ORM, no clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def staff_may_act(*, staff_team: str, is_manager: bool, case_team: str) -> bool:
    """Every specialist may read every case (to spot a wrongly routed one); acting on it is
    for the case's own team, and for managers on every team's cases."""
    return is_manager or (bool(staff_team) and staff_team == case_team)


def case_number_year(*, registered_at: datetime, office_zone: ZoneInfo) -> int:
    """The numbering year is the office's local year: 00:30 on 1 January in Helsinki is
    already the new year's series, though it is still 31 December in UTC."""
    return registered_at.astimezone(office_zone).year


def case_number_format(*, year: int, serial: int) -> str:
    return f"{year}-{serial:06d}"


def reopen_window_ends_at(*, resolved_at: datetime | None, window: timedelta) -> datetime | None:
    """Until when a customer's reply reopens a delivered or closed case (and the rating may
    change): ``window`` after it was resolved; None for a case that is not resolved."""
    return None if resolved_at is None else resolved_at + window


def reopen_window_is_open(*, resolved_at: datetime | None, now: datetime,
                          window: timedelta) -> bool:
    """The window includes its first instant and excludes its last: at exactly ``window``
    after resolution the case is finished and a follow-up case is the way on."""
    ends_at = reopen_window_ends_at(resolved_at=resolved_at, window=window)
    return ends_at is not None and resolved_at <= now < ends_at
