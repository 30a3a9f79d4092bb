"""Django's own auth forms with crispy helpers, so every auth page renders the same way."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _with_submit(form, label) -> None:
    form.helper = FormHelper()
    form.helper.add_input(Submit("submit", label))


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        _with_submit(self, _("Log in"))


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
