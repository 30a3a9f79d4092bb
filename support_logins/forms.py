from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preset
from .selectors import CONSULTANT

# Every choice the service knows: a choice not offered today (72 h on a Monday) still
# reaches the service, which refuses it with its own clear message rather than the form's
# generic "not one of the available choices".
ALL_CHOICES = [*Preset.choices, (CONSULTANT, _("Consultant setup change: 24 hours"))]


class GrantChoiceForm(forms.Form):
    """Step 1: how long, and what for. Step 2 (confirmation) posts the same fields again,
    plus the expiry that was shown."""

    preset = forms.ChoiceField(label=_("Duration"), choices=ALL_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("What should our specialist do? (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the specialist and kept with the grant."))
    shown_expires_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, offered: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preset"].widget.choices = offered
        if offered and not self.is_bound:
            self.initial.setdefault("preset", offered[0][0])
