"""Writes for saved replies."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_manager

from .models import SavedReply
from .rules import staff_may_edit_reply

if TYPE_CHECKING:
    from accounts.models import User

REPLY_OTHER_TEAM = _("Only the team a saved reply belongs to (or a manager) may change it.")


@transaction.atomic
def saved_reply_save(*, reply: SavedReply, by: User, now: datetime) -> SavedReply:
    """Validate and save ``reply`` (new or changed); the first save records who wrote it."""
    if not staff_may_edit_reply(staff_team=by.support_team, is_manager=is_manager(by),
                                reply_team=reply.team):
        raise PermissionDenied(REPLY_OTHER_TEAM)
    if reply.pk is None:
        reply.created_by = by
    reply.updated_at = now
    reply.full_clean()
    reply.save()
    return reply
