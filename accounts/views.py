from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView, PasswordResetView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kundcenter import ratelimits
from kundcenter.client_ip import client_ip

from .forms import (
    LanguageForm,
    NotificationPreferencesForm,
    ProfileForm,
    RegistrationConfirmForm,
    RegistrationForm,
)
from .forms_auth import ChangePasswordForm
from .selectors import notification_preferences_for
from .services import (
    notification_preferences_set,
    registration_confirm,
    registration_pending_get,
    registration_request,
    user_language_set,
    user_password_change,
    user_profile_update,
)


def register(request: HttpRequest) -> HttpResponse:
    """The same answer for every valid form: "check your inbox". Whether the address has an
    account, or the customer details match, is told only by email to that address."""
    if request.user.is_authenticated:
        return redirect("home")
    refusal = ratelimits.limit_check(request, ratelimits.ACCOUNT_REGISTRATION)
    if refusal is not None:  # nothing is sent
        return ratelimits.form_refused(
            request, refusal, (ratelimits.PASSWORD_AGAIN,),
            lambda typed: render(request, "accounts/register.html",
                                 {"form": RegistrationForm(initial=typed)}, status=429))
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration_request(registration=form.registration_request(),
                             page_language=translation.get_language(), now=timezone.now())
        return redirect("accounts:register_sent")
    return render(request, "accounts/register.html", {"form": form})


def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_sent.html")


def register_confirm(request: HttpRequest) -> HttpResponse:
    """The link in the confirmation email. Opening it (GET) changes nothing, so link
    scanners of mail services cannot use it up; the person enters the password they chose
    and the account is created and logged in."""
    token = request.POST.get("token") or request.GET.get("token") or ""
    pending = registration_pending_get(token=token)
    if pending is None:
        return render(request, "accounts/register_confirm.html", {"form": None}, status=400)
    form = RegistrationConfirmForm(request.POST or None, pending=pending, token=token)
    if request.method == "POST" and form.is_valid():
        user = registration_confirm(pending=pending, ip_address=client_ip(request))
        if user is None:
            return render(request, "accounts/register_confirm.html", {"form": None}, status=400)
        # Axes needs to know which backend authenticated the person.
        login(request, user, backend="accounts.backends.UserWithCustomerBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("home")
    return render(request, "accounts/register_confirm.html", {"form": form, "pending": pending})


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the language; a signed-in person keeps the choice on every device."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("home")
    response = HttpResponseRedirect(next_url)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            user_language_set(user=request.user, language=language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                            max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
                            secure=request.is_secure())
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_profile_update(user=request.user, changed_by=request.user,
                            fields={k: form.cleaned_data[k] for k in form.changed_data},
                            ip_address=client_ip(request))
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


class PortalLoginView(ratelimits.RateLimitedFormMixin, LoginView):
    """Django's login; a refused POST never reaches authentication (nor axes' count)."""

    rate_limit = ratelimits.LOGIN
    rate_limit_notes = (ratelimits.PASSWORD_AGAIN,)


class PortalPasswordResetView(ratelimits.RateLimitedFormMixin, PasswordResetView):
    rate_limit = ratelimits.PASSWORD_RESET


class PortalPasswordChangeView(PasswordChangeView):
    """Django's view (old password checked, validators applied); the write goes through the
    service so it is audited like every other account change."""

    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm

    def form_valid(self, form: ChangePasswordForm) -> HttpResponse:
        user_password_change(user=form.user, password=form.cleaned_data["new_password1"],
                             ip_address=client_ip(self.request))
        # This session stays signed in; the person's other sessions end with the old hash.
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password was changed."))
        return redirect("accounts:profile")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    form = NotificationPreferencesForm(request.POST or None,
                                       initial=notification_preferences_for(user=request.user))
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(user=request.user, deliveries=form.cleaned_data,
                                     ip_address=client_ip(request))
        messages.success(request, _("Your email settings were saved."))
        return redirect("accounts:notifications")
    return render(request, "accounts/notification_preferences.html", {"form": form})
