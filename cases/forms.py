from __future__ import annotations

from datetime import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from kundcenter.widgets import (
    PlainCheckboxInput,
    PlainFileInput,
    PlainSelect,
    PlainTextarea,
    PlainTextInput,
)
from superusers.selectors import superuser_trained_modules

from .models import DEFAULT_SERVICE_LEVEL, SERVICE_LEVEL_CHOICES
from .promises import promised_start_label
from .uploads import upload_limit_attrs
from .workflows import Category, state_filter_choices


class MultipleFileInput(PlainFileInput):
    allow_multiple_selected = True

    def get_context(self, name: str, value, attrs: dict | None) -> dict:
        # The browser checks the server's limits before uploading (static/js/upload.js).
        return super().get_context(name, value, {**upload_limit_attrs(), **(attrs or {})})


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the service (cases.uploads)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class CaseRegistrationForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=None, widget=PlainSelect,
                                    help_text=_("Only modules you are trained on are listed."))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices,
                                 widget=forms.RadioSelect)
    service_level = forms.TypedChoiceField(
        label=_("Service level (software bugs)"), coerce=int, required=False,
        choices=SERVICE_LEVEL_CHOICES, widget=forms.RadioSelect,
        initial=DEFAULT_SERVICE_LEVEL,
        help_text=_("How badly the bug affects your business decides how soon we start."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=PlainTextarea(attrs={"rows": 6}),
                                  help_text=_("What happened, what you expected, and how to "
                                              "repeat it."))
    attachments = MultipleFileField(label=_("Attachments"),
                                    help_text=_("Screenshots or documents, at most 5 files of "
                                                "10 MB each."))

    def __init__(self, *args, user: User, office: str, now: datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = superuser_trained_modules(user=user)
        # The promise is part of the choice: "2 – Serious … · work starts by Tue 10:30".
        self.fields["service_level"].choices = [
            (level, f"{label} · {promised_start_label(office=office, level=level, now=now)}")
            for level, label in SERVICE_LEVEL_CHOICES
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("category") != Category.SOFTWARE_BUG:
            cleaned["service_level"] = None
        elif not cleaned.get("service_level"):
            cleaned["service_level"] = DEFAULT_SERVICE_LEVEL
        return cleaned


def registration_prefill(query) -> dict:
    """Initial values of the registration form from a link: ``?category=order`` preselects
    a category, ``?service=<id>`` an order of a service catalogue item (subject,
    description and module from the item). Unknown values are ignored; the person still
    confirms and submits the form."""
    from catalogue.selectors import service_order_prefill

    initial: dict = {}
    if query.get("category") in Category.values:
        initial["category"] = query["category"]
    service = query.get("service", "")
    if service.isdigit() and len(service) <= 18:
        initial.update(service_order_prefill(item_id=int(service)))
    return initial


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=PlainTextarea(attrs={"rows": 4}))
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class CaseFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("Open and resolved")), ("open", _("Open")),
                      ("resolved", _("Resolved"))]

    q = forms.CharField(label=_("Number or subject"), required=False, widget=PlainTextInput)
    category = forms.ChoiceField(label=_("Category"), required=False, widget=PlainSelect,
                                 choices=[("", _("All categories")), *Category.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES,
                               widget=PlainSelect)
    state = forms.ChoiceField(label=_("State"), required=False, widget=PlainSelect)
    module = forms.TypedChoiceField(label=_("Module"), required=False, coerce=int,
                                    empty_value=None, widget=PlainSelect)
    mine = forms.BooleanField(label=_("Only mine"), required=False, widget=PlainCheckboxInput)

    def __init__(self, *args, modules: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.modules = modules
        self.fields["module"].choices = [("", _("All modules")), *modules]
        # Grouped by category (<optgroup>), each state under its customer-facing name.
        self.fields["state"].choices = [("", _("All states")), *state_filter_choices()]
        for name, field in self.fields.items():
            css = {"q": "form-control", "mine": "form-check-input"}.get(name, "form-select")
            field.widget.attrs["class"] = css

    def clean(self) -> dict:
        cleaned = super().clean()
        # "order:work" -> the order workflow's "work"; the choices guarantee the shape.
        category, _sep, state = (cleaned.get("state") or "").partition(":")
        cleaned["state_category"], cleaned["state"] = (category, state) if state else ("", "")
        return cleaned


class EstimateAcceptForm(forms.Form):
    """The second step of accepting an estimate: the customer has seen the amount, the
    currency and what is included, and confirms that version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(
        label=_("I order the work described above at this price."), required=True,
        error_messages={"required": _("Tick the box to confirm the order.")})


class RatingForm(forms.Form):
    """ "Did this solve it?" and a 1–5 score after delivery; the comment is optional."""

    SCORE_CHOICES = [(1, _("1 – Very poor")), (2, _("2 – Poor")), (3, _("3 – Acceptable")),
                     (4, _("4 – Good")), (5, _("5 – Very good"))]

    solved = forms.TypedChoiceField(
        label=_("Did this solve it?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes, it is solved")), ("no", _("No, not yet"))],
        coerce=lambda value: value == "yes")
    score = forms.TypedChoiceField(label=_("How satisfied are you with how we handled it?"),
                                   widget=forms.RadioSelect, choices=SCORE_CHOICES, coerce=int)
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=PlainTextarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
