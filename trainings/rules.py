"""Booking rules and the calendar file: plain functions, no database, the clock passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

DEFAULT_CANCEL_DEADLINE_HOURS = 24


class Refusal(StrEnum):
    NO_SEAT = "no_seat"
    CUSTOMER_INACTIVE = "customer_inactive"
    MODULE_NOT_LICENSED = "module_not_licensed"
    ALREADY_BOOKED = "already_booked"
    CLOSED = "closed"
    CANCEL_TOO_LATE = "cancel_too_late"
    NOT_ACTIVE = "not_active"


REFUSAL_MESSAGES = {
    Refusal.NO_SEAT: _("Only SuperUsers of a customer can book training."),
    Refusal.CUSTOMER_INACTIVE: _(
        "Your company's customer account is not active. Please contact our customer centre."),
    Refusal.MODULE_NOT_LICENSED: _("This module is not on your company's licences."),
    Refusal.ALREADY_BOOKED: _("You have already booked this session."),
    Refusal.CLOSED: _("Booking for this session has closed: it has already started."),
    Refusal.CANCEL_TOO_LATE: _(
        "A booking can be cancelled up to %(hours)s hours before the session starts. "
        "Please contact our customer centre."),
    Refusal.NOT_ACTIVE: _("This booking is no longer active."),
}


def booking_refusal(*, has_seat: bool, customer_active: bool, module_licensed: bool,
                    already_booked: bool, starts_at: datetime, now: datetime) -> Refusal | None:
    """Why this person may not book this session now (the first thing they can act on)."""
    if not has_seat:
        return Refusal.NO_SEAT
    if not customer_active:
        return Refusal.CUSTOMER_INACTIVE
    if not module_licensed:
        return Refusal.MODULE_NOT_LICENSED
    if now >= starts_at:
        return Refusal.CLOSED
    if already_booked:
        return Refusal.ALREADY_BOOKED
    return None


def cancel_deadline(*, starts_at: datetime, hours: int) -> datetime:
    return starts_at - timedelta(hours=hours)


def cancel_refusal(*, active: bool, has_seat: bool, starts_at: datetime, hours: int,
                   now: datetime) -> Refusal | None:
    """A seat may be given back up to the deadline; a waiting-list place until the start."""
    if not active:
        return Refusal.NOT_ACTIVE
    limit = cancel_deadline(starts_at=starts_at, hours=hours) if has_seat else starts_at
    if now >= limit:
        return Refusal.CANCEL_TOO_LATE
    return None


def gets_seat(*, seats: int, booked: int) -> bool:
    """A new booking takes a seat while one is free, else it waits."""
    return booked < seats


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    stamp: datetime
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    url: str = ""
    description: str = ""


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    # RFC 5545 3.3.11: backslash, semicolon, comma and newlines in TEXT values.
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def calendar_file(event: CalendarEvent) -> str:
    """An iCalendar (RFC 5545) file with the one event, CRLF line ends, times in UTC."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kundcenter//Training//EN",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:{event.uid}", f"DTSTAMP:{_utc(event.stamp)}",
        f"DTSTART:{_utc(event.starts_at)}", f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{_escape(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{_escape(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.description:
        lines.append(f"DESCRIPTION:{_escape(event.description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(_fold(line) + "\r\n" for line in lines)
