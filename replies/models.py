"""Saved replies: text a specialist inserts into a reply instead of typing it again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.teams import SupportTeam
from knowledgebase.models import Language


class SavedReply(models.Model):
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), help_text=_("Inserted into the reply as it is written here."))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # Blank: both teams use it (the greeting, the closing), so it is written once.
    team = models.CharField(_("team"), max_length=20, choices=SupportTeam.choices, blank=True,
                            help_text=_("Empty: offered to both teams."))
    is_active = models.BooleanField(_("active"), default=True,
                                    help_text=_("Inactive replies are no longer offered."))
    # SET_NULL: erasing a specialist (GDPR) must not take the team's replies with them.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, editable=False,
                                   on_delete=models.SET_NULL, related_name="+")
    # Set by replies.services with the caller's clock, like every other write.
    updated_at = models.DateTimeField(_("updated"), editable=False)

    class Meta:
        verbose_name = _("saved reply")
        verbose_name_plural = _("saved replies")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["language", "team"], name="replies_language_team",
                                condition=models.Q(is_active=True))]

    def __str__(self) -> str:
        return self.title
