from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SessionFilterForm(forms.Form):
    module = forms.TypedChoiceField(label=_("Module"), required=False, coerce=int,
                                    empty_value=None)

    def __init__(self, *args, modules: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [("", _("All modules")), *modules]
        self.fields["module"].widget.attrs["class"] = "form-select"
