from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    SUGGESTION = "suggestion", _("An idea or a wish")
    PROBLEM = "problem", _("Something does not work")
    PRAISE = "praise", _("Something works well")
    OTHER = "other", _("Something else")


class Feedback(models.Model):
    """What someone thinks of the customer centre, sent from the footer of one of its pages,
    and staff's answer to it."""

    created_at = models.DateTimeField(_("received"), db_index=True)
    page = models.CharField(_("page"), max_length=500)
    language = models.CharField(_("language"), max_length=8)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices,
                             default=Topic.OTHER)
    text = models.TextField(_("feedback"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    # Only asked of someone not signed in: a signed-in person is answered at their account's address.
    email = models.EmailField(_("email for an answer"), blank=True)
    # A keyed hash of the sender's address: enough to throttle a flood without keeping the
    # IP address of everyone who gives feedback.
    sender_key = models.CharField(max_length=64, db_index=True, editable=False)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Where the answer was emailed; empty when there was no address to send it to.
    answer_sent_to = models.EmailField(_("answer sent to"), blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(answer="", answered_at__isnull=True)
                           | (~Q(answer="") & Q(answered_at__isnull=False))),
                name="feedback_answer_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}: {self.text[:60]}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def reply_address(self) -> str:
        """Where an answer goes: the account's address, else the one given with the feedback."""
        if self.user is not None and self.user.email:
            return self.user.email
        return self.email
