"""Who may change a saved reply: a plain function, no ORM."""

from __future__ import annotations


def staff_may_edit_reply(*, staff_team: str, is_manager: bool, reply_team: str) -> bool:
    """A team's own replies are the team's to word; the shared ones (no team) any
    specialist may improve, since both teams send them."""
    return is_manager or not reply_team or (bool(staff_team) and staff_team == reply_team)
