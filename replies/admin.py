from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_manager
from kundcenter.admin_mixins import ServiceSavedAdminMixin

from .models import SavedReply
from .rules import staff_may_edit_reply
from .services import saved_reply_save


@admin.register(SavedReply)
class SavedReplyAdmin(ServiceSavedAdminMixin, admin.ModelAdmin):
    """Specialists keep their team's saved replies here; the case page offers them."""

    list_display = ("title", "language", "team", "is_active", "short_body", "updated_at")
    list_filter = ("language", "team", "is_active")
    search_fields = ("title", "body")
    fields = ("title", "body", "language", "team", "is_active", "created_by", "updated_at")
    readonly_fields = ("created_by", "updated_at")
    list_select_related = ("created_by",)

    @admin.display(description=_("text"))
    def short_body(self, obj: SavedReply) -> str:
        return Truncator(obj.body).chars(80)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        # A new reply is most often for the writer's own team and in the writer's language.
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("team", request.user.support_team or "")
        initial.setdefault("language", request.user.language or "")
        return initial

    def has_change_permission(self, request: HttpRequest, obj: SavedReply | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or staff_may_edit_reply(
            staff_team=request.user.support_team, is_manager=is_manager(request.user),
            reply_team=obj.team)

    def save_model(self, request: HttpRequest, obj: SavedReply, form, change: bool) -> None:
        with self.refusal_on("team"):
            saved_reply_save(reply=obj, by=request.user, now=timezone.now())
