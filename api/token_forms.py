"""The form of the token pages: what a new personal access token is called, may do and lasts."""

from __future__ import annotations

from datetime import datetime, timedelta

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope

NEVER = "never"
EXPIRY_DAYS = {"30": 30, "90": 90, "365": 365, NEVER: None}
EXPIRY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    (NEVER, _("Never")),
]
DEFAULT_EXPIRY = "90"


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80,
        help_text=_("What the token is for, e.g. the integration that uses it."))
    scope = forms.ChoiceField(
        label=_("Access"), choices=Scope.choices, initial=Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("A read-only token can look at cases but not register or change them."))
    expires = forms.ChoiceField(
        label=_("Expires after"), choices=EXPIRY_CHOICES, initial=DEFAULT_EXPIRY,
        help_text=_("A token that never expires works until you revoke it."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has it

    def expires_at(self, *, now: datetime) -> datetime | None:
        """The moment the token stops working, counted from ``now``; None for never."""
        days = EXPIRY_DAYS[self.cleaned_data["expires"]]
        return None if days is None else now + timedelta(days=days)
