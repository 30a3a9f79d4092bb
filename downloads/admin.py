from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.admin_safety import SafeRelatedFieldsAdminMixin

from .models import Product, ProductVersion
from .rules import file_too_large
from .services import product_version_save

# 2 GB: installers are large; a deployment may lower or raise it.
DEFAULT_MAX_BYTES = 2 * 1024 ** 3


def download_max_bytes() -> int:
    return int(getattr(settings, "DOWNLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


class ProductVersionForm(forms.ModelForm):
    class Meta:
        model = ProductVersion
        fields = ("product", "version", "release_date", "notes", "file", "is_published")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "size") and "file" in self.changed_data:
            limit = download_max_bytes()
            if file_too_large(upload.size, limit=limit):
                raise forms.ValidationError(
                    _("The file is %(size)s; version files may be at most %(limit)s."),
                    code="too_large",
                    params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
        return upload


@admin.register(Product)
class ProductAdmin(SafeRelatedFieldsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "name_sv", "name_fi", "name_en", "code")
    filter_horizontal = ("modules",)
    prepopulated_fields = {"code": ("name",)}


@admin.register(ProductVersion)
class ProductVersionAdmin(SafeRelatedFieldsAdminMixin, admin.ModelAdmin):
    form = ProductVersionForm
    list_display = ("product", "version", "release_date", "is_published", "size", "sha256")
    list_filter = ("is_published", "product")
    search_fields = ("product__name", "version", "sha256")
    list_select_related = ("product",)
    autocomplete_fields = ("product",)
    readonly_fields = ("original_name", "size", "sha256", "uploaded_at")
    date_hierarchy = "release_date"

    def save_model(self, request, obj, form, change) -> None:
        upload = form.cleaned_data.get("file") if "file" in form.changed_data else None
        product_version_save(version=obj, upload=upload, now=timezone.now())
