from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .models import SupportCalendar
from .presentation import office_contact
from .services import calendar_tables_get


def contact(request: HttpRequest) -> HttpResponse:
    """Public: each office's hours, whether it is open now, and how to reach it."""
    now = timezone.now()
    tables = calendar_tables_get()
    offices = [
        office_contact(calendar, tables[calendar.office], now=now)
        for calendar in SupportCalendar.objects.all()
    ]
    return render(request, "sla/contact.html", {"offices": offices})
