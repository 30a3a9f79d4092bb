"""Version files of the client-server products, for the customers whose licence covers them.

A product is its own model, tied to the licence modules that entitle a customer to it: a
licence lists modules, and a product (the desktop client, the integration server) is not a
module but software that some modules need. One product may serve several modules, and a
module may need more than one product."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from customers.models import Module


def _in_language(obj: models.Model, field: str) -> str:
    language = (get_language() or "").split("-")[0]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, field)


class Product(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    # The name in each portal language; `name` is the fallback when one is empty.
    name_sv = models.CharField(_("name in Swedish"), max_length=120, blank=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    modules = models.ManyToManyField(
        Module, verbose_name=_("modules"), related_name="download_products",
        help_text=_("A customer whose active licence covers any of these modules may "
                    "download the product."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, else ``name``."""
        return _in_language(self, "name")


class ProductVersion(models.Model):
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE,
                                related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    release_date = models.DateField(_("release date"))
    notes = models.TextField(_("release notes"), blank=True,
                             help_text=_("Markdown, shown to customers as sanitised HTML."))
    # Stored under MEDIA_ROOT, which has no URL: only the download view hands it out.
    file = models.FileField(_("file"), upload_to="downloads/%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size"), editable=False, default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), editable=False)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("product version")
        verbose_name_plural = _("product versions")
        ordering = ["product__name", "-release_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "version"], name="product_version_once"),
            models.CheckConstraint(condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                                   name="product_version_sha256_hex"),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.version}"
