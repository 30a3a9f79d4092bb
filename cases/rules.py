"""Who may act on a case, and the small business rules of estimates and numbering, as plain
functions: no ORM, no clock."""

from __future__ import annotations

from datetime import datetime
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
