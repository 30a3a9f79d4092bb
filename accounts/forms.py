from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from customers.models import CUSTOMER_NUMBER_VALIDATOR

from .models import NotificationDelivery, NotificationKind, PendingRegistration, User
from .services import RegistrationRequest, registration_password_matches

COMPANY_NAME_NEEDED = _("Enter your company name as well: we check it together with the "
                        "customer number.")
WRONG_PASSWORD = _("This is not the password you chose when you registered.")


class RegistrationForm(BaseUserCreationForm):
    """Anyone may open an account; it becomes a SuperUser only when staff give it a seat.

    The form checks only what does not depend on stored data (required fields, email format,
    password strength and match, the customer number's format). Whether the address already
    has an account, or the customer details match a customer, is never shown here: the
    answer goes by email to the address (accounts.services.registration_request).
    """

    company_name = forms.CharField(label=_("Company name"), max_length=200, required=False)
    customer_number = forms.CharField(
        label=_("Customer number"), max_length=10, required=False,
        validators=[CUSTOMER_NUMBER_VALIDATOR],
        help_text=_("Found on your invoice. Leave empty if you do not know it."),
    )

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "phone", "language")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
        self.fields["language"].choices = _language_choices_with_browser()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create account")))

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("customer_number") and not (cleaned.get("company_name") or "").strip():
            self.add_error("company_name", forms.ValidationError(
                COMPANY_NAME_NEEDED, code="company_name_needed"))
        return cleaned

    def validate_unique(self) -> None:
        """No "a user with this email already exists": that would tell anyone who asks."""

    def registration_request(self) -> RegistrationRequest:
        data = self.cleaned_data
        return RegistrationRequest(
            email=data["email"], first_name=data["first_name"], last_name=data["last_name"],
            phone=data.get("phone") or "", language=data.get("language") or "",
            password=data["password1"], customer_number=data.get("customer_number") or "",
            company_name=(data.get("company_name") or "").strip())

    def save(self, commit: bool = True) -> User:
        raise NotImplementedError("registration creates no user: use registration_request()")


class RegistrationConfirmForm(forms.Form):
    """The last step: the password chosen at registration, so that only the person who
    registered can finish (someone who registered another person's address cannot)."""

    token = forms.CharField(widget=forms.HiddenInput)
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                 "autofocus": True}))

    def __init__(self, *args, pending: PendingRegistration, token: str, **kwargs) -> None:
        super().__init__(*args, initial={"token": token}, **kwargs)
        self.pending = pending
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Confirm and log in")))

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not registration_password_matches(pending=self.pending, password=password):
            raise forms.ValidationError(WRONG_PASSWORD, code="wrong_password")
        return password


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def _language_choices_with_browser() -> list[tuple[str, str]]:
    """The saved-language choices, the empty one spelled out instead of "---------"."""
    return [("", _("Browser's language")), *settings.LANGUAGES]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "phone", "language")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices_with_browser()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))



class NotificationPreferencesForm(forms.Form):
    """One choice per kind of case email: every message, a daily digest, or none."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=NotificationDelivery.choices,
                widget=forms.RadioSelect)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
