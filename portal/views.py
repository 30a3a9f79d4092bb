from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from superusers.rules import Ineligibility
from superusers.selectors import superuser_eligibility

from .dashboard import billing_contact, dashboard_for_user, last_seat_request
from .reader_facts import reader_eligibility
from .services import seat_request


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says. Resolved per request: the
    hashed static name exists only once collectstatic has run."""
    return redirect(static("favicon.svg"), permanent=True)


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors and staff get the welcome; a customer's person gets what waits
    for them, or why they cannot register cases and whom to ask."""
    user = request.user
    if not user.is_authenticated or user.customer_id is None:
        return render(request, "home.html")
    now = timezone.now()
    verdict = reader_eligibility(request)  # shown only; registering decides afresh
    context = {
        "dashboard": dashboard_for_user(user=user, now=now,
                                        language=request.LANGUAGE_CODE),
        "reason": verdict.reason.value if verdict.reason else "",
        "billing": (billing_contact(user.customer.office_country)
                    if verdict.reason == Ineligibility.PAYMENT_OVERDUE else None),
        "seat_request": (last_seat_request(user=user, now=now)
                         if verdict.reason == Ineligibility.NO_SEAT else None),
    }
    return render(request, "portal/dashboard.html", context)


@require_POST
@login_required
def seat_request_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.customer_id is None or superuser_eligibility(
            user=user, cached=False).reason != Ineligibility.NO_SEAT:
        messages.info(request, _("You already have a SuperUser seat."))
        return redirect("home")
    sent = seat_request(user=user, now=timezone.now())
    if sent.sent_to:
        messages.success(request, _("We asked for a SuperUser seat for you. You get an email "
                                    "when you have one."))
    else:
        messages.warning(request, _("We could not find anyone to ask. Please contact our "
                                    "customer centre."))
    return redirect("home")
