from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from kundcenter import converters  # noqa: F401  (registers uidb64, reset_token)

from . import views
from .forms_auth import LoginForm, ResetForm, SetNewPasswordForm

app_name = "accounts"

urlpatterns = [
    path("login/", views.PortalLoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm,
        redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register_sent"),
    # The confirmation link: a signed, time-limited token in the query string (?token=).
    path("register/confirm/", views.register_confirm, name="register_confirm"),
    path("language/", views.language_set, name="language"),
    path("profile/", views.profile, name="profile"),
    path("profile/password/", views.PortalPasswordChangeView.as_view(), name="password_change"),
    path("profile/notifications/", views.notification_preferences, name="notifications"),
    path("password-reset/", views.PortalPasswordResetView.as_view(
        template_name="accounts/password_reset_form.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        form_class=ResetForm,
        success_url=reverse_lazy("accounts:password_reset_done")), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("reset/<uidb64:uidb64>/<reset_token:token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html", form_class=SetNewPasswordForm,
        success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
]
