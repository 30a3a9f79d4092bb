"""Who may reach the SuperUser parts of the portal, and what they are told when not."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .rules import INELIGIBILITY_MESSAGES, Ineligibility
from .selectors import superuser_eligibility


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
