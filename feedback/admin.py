from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdminMixin
from kundcenter.admin_mixins import ServiceSavedAdminMixin

from .models import Feedback
from .services import feedback_answer

SHOWN_FIELDS = ("created_at", "topic", "text", "page", "language", "user", "email",
                "answer", "answered_by", "answered_at", "answer_sent_to")


@admin.register(Feedback)
class FeedbackAdmin(AuditedAdminMixin, ServiceSavedAdminMixin, admin.ModelAdmin):
    """Staff read feedback here and answer it once; the answer is emailed to the sender."""

    audit_action_prefix = "feedback"
    list_display = ("created_at", "topic", "short_text", "page", "language", "sender",
                    "is_answered")
    list_filter = ("topic", "language", ("answered_at", admin.EmptyFieldListFilter))
    search_fields = ("text", "email", "user__email", "page")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    fields = SHOWN_FIELDS

    def has_add_permission(self, request) -> bool:
        return False  # feedback comes from the portal's footer only

    def get_readonly_fields(self, request, obj: Feedback | None = None) -> tuple[str, ...]:
        if obj is not None and obj.is_answered:
            return SHOWN_FIELDS
        return tuple(name for name in SHOWN_FIELDS if name != "answer")

    @admin.display(description=_("feedback"))
    def short_text(self, obj: Feedback) -> str:
        return Truncator(obj.text).chars(80)

    @admin.display(description=_("from"))
    def sender(self, obj: Feedback) -> str:
        return obj.reply_address or gettext("anonymous")

    @admin.display(description=_("answered"), boolean=True)
    def is_answered(self, obj: Feedback) -> bool:
        return obj.is_answered

    def save_model(self, request, obj: Feedback, form, change: bool) -> None:
        if "answer" not in form.changed_data:
            return  # nothing else here is editable
        with self.refusal_on("answer"):
            answered = feedback_answer(feedback=obj, answer=form.cleaned_data["answer"],
                                       answered_by=request.user, now=timezone.now())
        if not answered.answer_sent_to:
            messages.warning(request, gettext("The answer is saved, but the sender left no "
                                              "email address, so it was not sent."))
