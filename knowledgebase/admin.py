from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kundcenter import converters  # noqa: F401  (registers pk)

from .markdown import render_markdown
from .models import Article, DeflectionEvent
from .selectors import article_vote_counts
from .services import (
    ARTICLE_TRANSLATION_OF_ITSELF,
    article_check,
    article_publish_set,
    article_save,
)

EDITABLE_FIELDS = ("question", "answer", "module", "language", "visibility", "is_published")


class ArticleAdminForm(forms.ModelForm):
    # A number, not a drop-down: there can be tens of thousands of articles.
    translation_of = forms.ModelChoiceField(
        label=_("Translation of article no."), queryset=Article.objects.all(), required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("The number (ID) of the same question in another language; see the "
                    "article list. Links the two as translations."),
    )

    class Meta:
        model = Article
        fields = EDITABLE_FIELDS
        widgets = {"question": forms.TextInput(attrs={"size": 90}),
                   "answer": forms.Textarea(attrs={"rows": 16, "cols": 90})}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # Check on a copy so a refused form leaves the instance untouched.
        candidate = Article(pk=self.instance.pk, translation_group=self.instance.translation_group,
                            **{name: cleaned.get(name) for name in EDITABLE_FIELDS})
        source = cleaned.get("translation_of")
        if source is not None:
            if source.pk == self.instance.pk:
                raise ValidationError(ARTICLE_TRANSLATION_OF_ITSELF, code="translation_self")
            candidate.translation_group = source.translation_group
        article_check(article=candidate)
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ("question", "pk", "language", "module", "visibility", "is_published",
                    "updated_at", "view_count", "helpful_yes", "helpful_no")
    list_filter = ("language", "module", "is_published", "visibility")
    search_fields = ("question", "answer")
    list_select_related = ("module",)
    readonly_fields = ("answer_preview", "translations", "view_count", "vote_summary",
                       "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("question", "answer", "answer_preview")}),
        (_("Where it shows"), {"fields": ("module", "language", "visibility", "is_published")}),
        (_("Translations"), {"fields": ("translation_of", "translations")}),
        (_("Statistics"), {"fields": ("view_count", "vote_summary", "created_at", "updated_at")}),
    )
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            yes_count=Count("votes", filter=Q(votes__is_helpful=True)),
            no_count=Count("votes", filter=Q(votes__is_helpful=False)),
        )

    def get_urls(self):
        preview = path("<pk:pk>/preview/", self.admin_site.admin_view(self.preview_view),
                       name="knowledgebase_article_preview")
        return [preview, *super().get_urls()]

    def preview_view(self, request, pk: int):
        """The article as customers will see it, published or not."""
        article = get_object_or_404(Article.objects.select_related("module"), pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return render(request, "knowledgebase/article_detail.html", {
            "article": article, "is_preview": True,
            "translations": Article.objects.filter(translation_group=article.translation_group)
            .exclude(pk=article.pk),
            "votes": article_vote_counts(article=article),
        })

    def save_model(self, request, obj, form, change):
        # The form has set the fields; the service validates, saves and reindexes.
        changed = [name for name in form.changed_data if name != "translation_of"]
        article_save(article=obj, translation_of=form.cleaned_data.get("translation_of"),
                     update_fields=changed if change else None)

    @admin.display(description=_("preview"))
    def answer_preview(self, obj: Article):
        if obj.pk is None:
            return _("Save to see the preview.")
        return format_html(
            '<div class="kb-preview" style="max-width:48rem">{}</div>'
            '<p><a href="{}" target="_blank" rel="noopener">{}</a></p>',
            render_markdown(obj.answer),
            reverse("admin:knowledgebase_article_preview", args=[obj.pk]),
            _("Open the page preview"),
        )

    @admin.display(description=_("other languages"))
    def translations(self, obj: Article):
        if obj.pk is None:
            return "–"
        others = Article.objects.filter(translation_group=obj.translation_group).exclude(pk=obj.pk)
        return format_html_join(
            ", ", '<a href="{}">{}: {}</a>',
            ((reverse("admin:knowledgebase_article_change", args=[a.pk]),
              a.get_language_display(), a.question) for a in others),
        ) or "–"

    @admin.display(description=_("helpful: yes / no"))
    def vote_summary(self, obj: Article):
        counts = article_vote_counts(article=obj)
        return f"{counts.yes} / {counts.no}"

    @admin.display(description=_("helpful"), ordering="yes_count")
    def helpful_yes(self, obj: Article) -> int:
        return obj.yes_count

    @admin.display(description=_("not helpful"), ordering="no_count")
    def helpful_no(self, obj: Article) -> int:
        return obj.no_count

    @admin.action(description=_("Publish selected articles"))
    def publish(self, request, queryset):
        count = article_publish_set(article_ids=queryset.values_list("pk", flat=True),
                                    is_published=True)
        self.message_user(request, ngettext("%(count)d article published.",
                                            "%(count)d articles published.", count)
                          % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected articles"))
    def unpublish(self, request, queryset):
        count = article_publish_set(article_ids=queryset.values_list("pk", flat=True),
                                    is_published=False)
        self.message_user(request, ngettext("%(count)d article unpublished.",
                                            "%(count)d articles unpublished.", count)
                          % {"count": count}, messages.SUCCESS)


@admin.register(DeflectionEvent)
class DeflectionEventAdmin(admin.ModelAdmin):
    """Read-only: events are written by the portal and the cases app only."""

    list_display = ("opened_at", "article", "customer", "source", "case_registered")
    list_filter = ("source", "case_registered")
    date_hierarchy = "opened_at"
    list_select_related = ("article", "customer")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
