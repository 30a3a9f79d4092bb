from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kundcenter.client_ip import client_ip

from .forms import feedback_form_for, safe_page
from .rules import sender_key
from .services import feedback_submit

FRAGMENT = "feedback/includes/footer_form.html"


@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest) -> HttpResponse:
    """The footer's form posts here: htmx swaps in the thanks (or the form with its errors);
    without JavaScript the sender goes back to the page with a message, or sees the form
    again on a page of its own."""
    if request.method == "GET":
        form = feedback_form_for(request)
        form.initial["page"] = safe_page(request.GET.get("page", "/"),
                                         allowed_hosts={request.get_host()})
        return render(request, "feedback/feedback_form.html", {"form": form})
    form = feedback_form_for(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        user = request.user if request.user.is_authenticated else None
        try:
            feedback_submit(
                text=data["text"], topic=data["topic"], page=data["page"],
                email=data.get("email", ""), user=user,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                sender_key=sender_key(user_id=user.pk if user else None,
                                      ip_address=client_ip(request), secret=settings.SECRET_KEY),
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return render(request, "feedback/includes/thanks.html")
            messages.success(request, _("Thank you for your feedback!"))
            return redirect(data["page"])
    if request.htmx:
        return render(request, FRAGMENT, {"form": form, "is_open": True})
    return render(request, "feedback/feedback_form.html", {"form": form})
