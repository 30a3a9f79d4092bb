from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from customers.models import CUSTOMER_NUMBER_VALIDATOR, Customer

from .models import User

EMAIL_TAKEN = _("An account with this email address already exists. Log in, or use "
                "“Forgot password?” if you do not remember the password.")
CUSTOMER_NOT_FOUND = _("We found no customer with this customer number and company name. "
                       "Check both against your invoice.")


class RegistrationForm(BaseUserCreationForm):
    """Anyone may open an account; it becomes a SuperUser only when staff give it a seat.

    The company details are optional but, when given, must match a customer: staff use
    them to find the right licence.
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
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create account")))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        number = cleaned.get("customer_number")
        name = (cleaned.get("company_name") or "").strip()
        if number:
            customer = Customer.objects.filter(customer_number=number).first()
            if customer is None or (name and customer.name.casefold() != name.casefold()):
                self.add_error("customer_number", forms.ValidationError(
                    CUSTOMER_NOT_FOUND, code="customer_not_found"))
            else:
                cleaned["requested_customer"] = customer
        return cleaned

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.requested_customer = self.cleaned_data.get("requested_customer")
        if commit:
            user.save()
        return user


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "phone", "language")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

