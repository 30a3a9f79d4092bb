"""Grant instants and durations in words: office-local time (`sla.presentation`), the
reader's language; and the support-login notes of a case conversation."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sla.calendar import OpeningTable, format_duration
from sla.presentation import duration_units, office_clock, office_datetime_long

from .models import GrantKind, Preset

__all__ = [
    "EVENT_EXPIRED",
    "EVENT_GRANTED",
    "EVENT_KINDS",
    "EVENT_REVOKED",
    "event_text",
    "time_left_label",
    "until_label",
]

# Message.event_kind of the notes the portal writes into a case conversation. The note keeps
# kind + parameters, not text: each reader sees it in their own language.
EVENT_GRANTED = "support_login_granted"
EVENT_REVOKED = "support_login_revoked"
EVENT_EXPIRED = "support_login_expired"
EVENT_KINDS = (EVENT_GRANTED, EVENT_REVOKED, EVENT_EXPIRED)

THREAD_GRANTED = gettext_lazy("Support login granted (%(kind)s, %(duration)s) until %(until)s.")
THREAD_REASON = gettext_lazy("Reason: %(reason)s")
THREAD_REVOKED = gettext_lazy(
    "Support login revoked (%(kind)s); it would have lasted until %(until)s.")
THREAD_ENDED = gettext_lazy("Support login ended (%(kind)s): it expired at %(ended)s.")


def until_label(table: OpeningTable, at: datetime) -> str:
    """'until Mon 10:00' (rule book §4: the SuperUser sees the exact end before confirming)."""
    return _("until %(when)s") % {"when": office_clock(table, at)}


def time_left_label(left: timedelta) -> str:
    """'3 h 20 min', to the minute: seconds would only flicker on a page that is not live."""
    minutes = max(int(left.total_seconds()) // 60, 0)
    return format_duration(timedelta(minutes=minutes), duration_units())


def _label(choices: type[GrantKind] | type[Preset], value: object) -> str:
    # A value no longer among the choices still reads as something.
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _moment(table: OpeningTable, value: object) -> str:
    return office_datetime_long(table, datetime.fromisoformat(str(value)))


def event_text(kind: str, params: Mapping[str, Any], table: OpeningTable) -> str | None:
    """A support-login note in the active language, its instants in the office's time
    (`table`); None for a kind that is not a support-login note."""
    grant_kind = _label(GrantKind, params.get("kind", ""))
    if kind == EVENT_GRANTED:
        text = THREAD_GRANTED % {"kind": grant_kind,
                                 "duration": _label(Preset, params.get("preset", "")),
                                 "until": _moment(table, params["until"])}
        if params.get("reason"):
            text = f"{text}\n{THREAD_REASON % {'reason': params['reason']}}"
        return text
    if kind == EVENT_REVOKED:
        return THREAD_REVOKED % {"kind": grant_kind, "until": _moment(table, params["until"])}
    if kind == EVENT_EXPIRED:
        return THREAD_ENDED % {"kind": grant_kind, "ended": _moment(table, params["ended"])}
    return None
