from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import Module

from .models import Language
from .search import MAX_QUERY_LENGTH

ALL_LANGUAGES = "all"


class SearchForm(forms.Form):
    """``?q=&module=&language=``: all optional. An invalid field (say an unknown module code)
    is left out of ``cleaned_data``, and the search runs without it."""

    q = forms.CharField(
        label=_("Search the FAQ"), required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH,
                                      "autocomplete": "off", "class": "form-control"}),
    )
    module = forms.ModelChoiceField(
        label=_("Module"), queryset=Module.objects.order_by("name"), to_field_name="code",
        required=False, empty_label=_("All modules"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False,
        choices=[("", _("My language")), *Language.choices, (ALL_LANGUAGES, _("All languages"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def search_values(self, *, active_language: str) -> tuple[str, Module | None, str | None]:
        """(text, module, language) to search with; language None means every language,
        and the active language is the default."""
        self.is_valid()
        data = self.cleaned_data
        chosen = data.get("language") or ""
        if chosen == ALL_LANGUAGES:
            language = None
        elif chosen:
            language = chosen
        else:
            language = active_language if active_language in Language.values else None
        return data.get("q") or "", data.get("module"), language


_SUGGESTION_TEXT = forms.CharField(required=False)


def suggestion_text(value: str) -> str:
    """What the suggestions are for: the typed text with its whitespace normalised, or "" for
    text no search can take (a NUL byte: a 500 in PostgreSQL's full-text search)."""
    try:
        return " ".join(_SUGGESTION_TEXT.clean(value).split())
    except forms.ValidationError:
        return ""


class VoteForm(forms.Form):
    """"Did this help?": the buttons post ``helpful=yes`` or ``helpful=no``."""

    helpful = forms.TypedChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))],
                                     coerce=lambda value: value == "yes")
