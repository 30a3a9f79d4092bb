"""The text of a conversation message in the reader's language.

A note the portal writes itself (a support login granted, revoked or expired) is stored as
`Message.event_kind` + `event_params` with an empty body, and worded here when it is shown;
older notes, written as text before that, have no kind and read as their body."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sla.services import calendar_table_get
from support_logins.presentation import EVENT_KINDS as SUPPORT_LOGIN_EVENTS
from support_logins.presentation import event_text as support_login_event_text

if TYPE_CHECKING:
    from cases.models import Message

__all__ = ["message_text"]


def message_text(message: Message) -> str:
    """The message as the active language reads it; its body when it is no portal event (or
    one of a kind this version does not know)."""
    if message.event_kind in SUPPORT_LOGIN_EVENTS:
        params = message.event_params or {}
        # The office is stored with the note: reading it needs no query for the case.
        office = params.get("office") or message.case.office
        text = support_login_event_text(message.event_kind, params, calendar_table_get(office))
        if text is not None:
            return text
    return message.body
