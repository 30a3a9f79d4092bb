"""Who may reach the SuperUser parts of the portal, and what they are told when not."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .rules import Ineligibility
from .selectors import superuser_eligibility

INELIGIBILITY_MESSAGES = {
    Ineligibility.NO_SEAT: _(
        "Your account is not a SuperUser of any customer yet. Ask your company's SuperUser "
        "or our customer centre to give you a SuperUser seat on your licence."
    ),
    Ineligibility.CUSTOMER_INACTIVE: _(
        "Your company's customer account is not active. Please contact our customer centre."
    ),
    Ineligibility.PAYMENT_OVERDUE: _(
        "Your company has overdue payments, so new cases cannot be registered. Your existing "
        "cases stay readable. Please contact our invoicing department."
    ),
    Ineligibility.NO_TRAINING: _(
        "You have not completed the training for any module on your company's licences yet. "
        "Cases can be registered for modules you are trained on."
    ),
}


def render_ineligible(request: HttpRequest, reason: Ineligibility) -> HttpResponse:
    return render(
        request,
        "superusers/not_eligible.html",
        {"reason": reason.value, "explanation": INELIGIBILITY_MESSAGES[reason]},
        status=403,
    )


class CaseRegistrationAllowedMixin(LoginRequiredMixin):
    """Only SuperUsers of an active, paid-up customer with a trained module get through;
    everyone else gets a page that says exactly what is missing."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        verdict = superuser_eligibility(user=request.user)
        if not verdict.may_register_cases:
            return render_ineligible(request, verdict.reason)
        return super().dispatch(request, *args, **kwargs)


class CustomerMemberRequiredMixin(LoginRequiredMixin):
    """Reading the company's own data needs only membership; overdue payments do not hide
    existing cases."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.customer_id is None:
            return render_ineligible(request, Ineligibility.NO_SEAT)
        return super().dispatch(request, *args, **kwargs)
