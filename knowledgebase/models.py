"""FAQ articles, their helpfulness votes, and the deflection events of case-form suggestions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    FINNISH = "fi", _("Finnish")
    ENGLISH = "en", _("English")


# PostgreSQL text-search configuration per article language: decides stemming and stop words.
# Copies of swedish/finnish/english that also fold diacritics (migration 0002).
SEARCH_CONFIGS: dict[str, str] = {
    Language.SWEDISH: "kb_swedish",
    Language.FINNISH: "kb_finnish",
    Language.ENGLISH: "kb_english",
}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone, without logging in")
    MODULE = "module", _("Customers of the module only")


class Article(models.Model):
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(
        _("answer"), help_text=_("Markdown. Links, lists, tables and code are kept; "
                                 "other HTML is removed when the answer is shown.")
    )
    module = models.ForeignKey(
        "customers.Module", verbose_name=_("module"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="articles",
        help_text=_("Empty: a general question, not about one module."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # The translations of one article share a group; one article per language in a group.
    translation_group = models.UUIDField(
        _("translation group"), default=uuid.uuid4, editable=False, db_index=True
    )
    is_published = models.BooleanField(_("published"), default=False)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Written only by the services (knowledgebase.services): question weight A, answer B,
    # in the article language's configuration. NULL on SQLite, which has an FTS5 table.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("FAQ article")
        verbose_name_plural = _("FAQ articles")
        ordering = ["question"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_group", "language"], name="kb_one_translation_per_language"
            ),
            models.CheckConstraint(
                condition=models.Q(visibility="public") | models.Q(module__isnull=False),
                name="kb_module_visibility_needs_module",
            ),
        ]
        indexes = [
            # PostgreSQL only: migration 0001 adds them through AddIndexOnPostgres.
            GinIndex(fields=["search_vector"], name="kb_article_search_gin"),
            # The portal searches published articles of one language. Without these the
            # planner combines the GIN index with a scan of a whole btree index to filter
            # the language, which costs more than the search itself on 50,000 articles.
            *[
                GinIndex(fields=["search_vector"], name=f"kb_article_search_{code}_gin",
                         condition=models.Q(language=code, is_published=True))
                for code in ("sv", "fi", "en")
            ],
            GinIndex(fields=["question"], opclasses=["gin_trgm_ops"],
                     name="kb_article_question_trgm"),
            # Browsing a module, most viewed first (the FAQ front page, "all questions about").
            # The language is left to a filter: a third of the entries qualify, and the same
            # index then serves "all languages". General questions (module IS NULL) need
            # their own, as IS NULL does not let the planner use the order of the first.
            models.Index(fields=["module", "-view_count"], name="kb_article_browse",
                         condition=models.Q(is_published=True)),
            models.Index(fields=["-view_count"], name="kb_article_browse_general",
                         condition=models.Q(is_published=True, module__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("knowledgebase:article", kwargs={"pk": self.pk})


class ArticleVote(models.Model):
    """One "did this help?" answer per person (or, logged out, per session) and article."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="votes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    session_key = models.CharField(_("session"), max_length=40, blank=True)
    is_helpful = models.BooleanField(_("helpful"))
    voted_at = models.DateTimeField(_("voted"), auto_now=True)

    class Meta:
        verbose_name = _("FAQ vote")
        verbose_name_plural = _("FAQ votes")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], condition=models.Q(user__isnull=False),
                name="kb_vote_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["article", "session_key"], condition=models.Q(user__isnull=True),
                name="kb_vote_once_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(session_key=""),
                name="kb_vote_has_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {'+' if self.is_helpful else '-'}"


class DeflectionSource(models.TextChoices):
    CASE_FORM = "case-form", _("Case registration form")
    FAQ_SEARCH = "faq-search", _("FAQ search box")


class DeflectionEvent(models.Model):
    """Someone opened a suggested article. If no case follows, the question was deflected.

    ``case_registered`` is set by ``deflection_record_case_registered`` (called by the cases
    app); an event that stays unset counts as "opened, then abandoned the case".
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="deflection_events",
    )
    # SET_NULL: erasing a person (GDPR) must not change the statistics.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    source = models.CharField(
        _("opened from"), max_length=20, choices=DeflectionSource.choices,
        default=DeflectionSource.CASE_FORM,
    )
    opened_at = models.DateTimeField(_("opened"), db_index=True)
    case_registered = models.BooleanField(_("case registered afterwards"), default=False)
    case_registered_at = models.DateTimeField(_("case registered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deflection event")
        verbose_name_plural = _("deflection events")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["user", "opened_at"], name="kb_deflection_user_opened")]

    def __str__(self) -> str:
        return f"{self.opened_at:%Y-%m-%d %H:%M} {self.article_id}"
