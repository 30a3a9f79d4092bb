from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .models import SupportCalendar
from .presentation import office_contact, own_office_first, phone_menu
from .services import calendar_tables_get


def _own_office(request: HttpRequest) -> str | None:
    user = request.user
    if user.is_authenticated and user.customer_id is not None:
        return user.customer.office_country
    return None


def contact(request: HttpRequest) -> HttpResponse:
    """Public: each office's hours, whether it is open now, and how to reach it; a customer's
    own office first."""
    now = timezone.now()
    tables = calendar_tables_get()
    own_office = _own_office(request)
    offices = own_office_first(
        [office_contact(calendar, tables[calendar.office], now=now)
         for calendar in SupportCalendar.objects.all()],
        own_office,
    )
    return render(request, "sla/contact.html",
                  {"offices": offices, "own_office": own_office, "phone_menu": phone_menu()})
