"""Django's own auth forms with crispy helpers, so every auth page renders the same way."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _with_submit(form, label) -> None:
    form.helper = FormHelper()
    form.helper.add_input(Submit("submit", label))


class UsernameLengthCheckedMixin:
    """AuthenticationForm sets the username's max_length after the field is built, so nothing
    checks it: a longer "address" went on to the failed-login record (axes, 255 characters),
    a 500 on PostgreSQL. Checked here, it is a form error and never reaches authenticate()."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(UsernameLengthCheckedMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        _with_submit(self, _("Log in"))


class AdminLoginForm(UsernameLengthCheckedMixin, AdminAuthenticationForm):
    """The admin's login form (kundcenter.urls sets it on the admin site)."""


class ResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _with_submit(self, _("Send reset link"))

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # The email is read by its recipient: use their language, not the requester's page.
        language = context["user"].language or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class SetNewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _with_submit(self, _("Set new password"))


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _with_submit(self, _("Change password"))
