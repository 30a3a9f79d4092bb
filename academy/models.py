"""The Academy: release notes per module and language, resources (documentation, films,
guides), knowledge wishes, and each reader's read state, feed tokens and mail opt-in."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from knowledgebase.models import Language


class Release(models.Model):
    """One release's notes. ``published_at`` empty: a draft only staff see."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    # When the subscribers were mailed: set once, so publishing again mails nobody twice.
    notified_at = models.DateTimeField(_("subscribers mailed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.version} {self.name}".strip()


class ReleaseSection(models.Model):
    """What a release brings to one module, in one language (Markdown, sanitised on show)."""

    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.CASCADE,
                                related_name="sections")
    module = models.ForeignKey("customers.Module", verbose_name=_("module"),
                               on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    body = models.TextField(_("text"), help_text=_("Markdown. Other HTML is removed when the "
                                                   "text is shown."))

    class Meta:
        verbose_name = _("release section")
        verbose_name_plural = _("release sections")
        ordering = ["release", "module__name", "language"]
        constraints = [models.UniqueConstraint(fields=["release", "module", "language"],
                                               name="academy_one_section_per_language")]

    def __str__(self) -> str:
        return f"{self.release.version} · {self.module.name} · {self.language}"


class ReleaseRead(models.Model):
    """A person has opened a release (the unread badge counts the others)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "release"],
                                               name="academy_read_once")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.release_id}"


class ReleaseSubscription(models.Model):
    """A person's opt-in to an email when a release is published."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="release_subscription")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("release news subscription")
        verbose_name_plural = _("release news subscriptions")

    def __str__(self) -> str:
        return str(self.user)


class FeedToken(models.Model):
    """The secret in a customer's Atom feed address. Only its SHA-256 is stored; revoked or
    unknown, the feed is a 404."""

    CUSTOMER_PATH = "customer_id"

    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE,
                                 related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feed address")
        verbose_name_plural = _("feed addresses")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.customer} · {self.created_at:%Y-%m-%d}"


class ResourceKind(models.TextChoices):
    DOCUMENTATION = "documentation", _("Documentation")
    FILM = "film", _("Film")
    GUIDE = "guide", _("Guide")


class Resource(models.Model):
    """Documentation, a film or a guide for one module: a link or an uploaded file."""

    module = models.ForeignKey("customers.Module", verbose_name=_("module"),
                               on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="academy/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("academy resource")
        verbose_name_plural = _("academy resources")
        ordering = ["module__name", "kind", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if bool(self.url) == bool(self.file):
            raise ValidationError(_("Give either a link or a file."), code="link_or_file")


class WishStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class Wish(models.Model):
    """A SuperUser's wish for knowledge material the Academy lacks."""

    CUSTOMER_PATH = "customer_id"

    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"),
                                 on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    module = models.ForeignKey("customers.Module", verbose_name=_("module"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("what is missing"))
    status = models.CharField(_("status"), max_length=10, choices=WishStatus.choices,
                              default=WishStatus.OPEN)
    staff_note = models.TextField(_("note from the customer centre"), blank=True)
    created_at = models.DateTimeField(_("asked"))
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("academy wish")
        verbose_name_plural = _("academy wishes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]
