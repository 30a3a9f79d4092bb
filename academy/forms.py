from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cases.uploads import attachment_check
from customers.models import Module
from knowledgebase.models import Language
from knowledgebase.search import MAX_QUERY_LENGTH

from .models import Resource, ResourceKind, Wish, WishStatus

WISH_MAX_LENGTH = 4000


class _LicensedModuleMixin:
    def _limit_modules(self, modules) -> None:
        self.fields["module"].queryset = modules


class ResourceFilterForm(_LicensedModuleMixin, forms.Form):
    """``?module=&kind=``: invalid values are dropped, not errors."""

    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.objects.none(),
                                    to_field_name="code", required=False,
                                    empty_label=_("All modules"))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *ResourceKind.choices])

    def __init__(self, *args, modules, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._limit_modules(modules)

    def values(self) -> tuple[Module | None, str]:
        self.is_valid()
        return self.cleaned_data.get("module"), self.cleaned_data.get("kind") or ""


class AcademySearchForm(forms.Form):
    q = forms.CharField(label=_("Search the Academy and the FAQ"), required=False,
                        max_length=MAX_QUERY_LENGTH,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))

    def text(self) -> str:
        self.is_valid()
        return " ".join((self.cleaned_data.get("q") or "").split())


class WishForm(_LicensedModuleMixin, forms.Form):
    module = forms.ModelChoiceField(label=_("Module (optional)"), queryset=Module.objects.none(),
                                    required=False, empty_label=_("No particular module"))
    text = forms.CharField(label=_("What knowledge material do you miss?"),
                           max_length=WISH_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, modules, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._limit_modules(modules)


class FeedTokenForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the feed"), choices=Language.choices)


class ResourceAdminForm(forms.ModelForm):
    """Uploaded files pass the same checks as case attachments (size, type by content)."""

    class Meta:
        model = Resource
        fields = ["module", "kind", "title", "description", "language", "url", "file",
                  "is_published"]

    url = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self._checked_type = attachment_check(upload)
        return upload

    def save(self, commit: bool = True) -> Resource:
        resource = super().save(commit=False)
        checked = getattr(self, "_checked_type", None)
        if checked:
            resource.content_type = checked
            resource.original_name = self.cleaned_data["file"].name
        if not resource.file:
            resource.content_type = resource.original_name = ""
        if commit:
            resource.save()
        return resource


class WishAdminForm(forms.ModelForm):
    class Meta:
        model = Wish
        fields = ["status", "staff_note"]

    status = forms.ChoiceField(label=_("status"), choices=WishStatus.choices)

