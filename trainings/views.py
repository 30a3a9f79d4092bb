"""Portal pages: upcoming sessions (filter by module), a session with its Book button, the
person's bookings with cancel and the calendar file. Thin: rules in services and rules."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from audit.services import audit_record
from kundcenter.client_ip import client_ip
from kundcenter.refusals import refusal_text
from superusers.access import render_ineligible
from superusers.rules import Ineligibility
from superusers.selectors import superuser_eligibility

from . import selectors, services
from .forms import SessionFilterForm
from .models import TrainingBooking, TrainingSession
from .rules import CalendarEvent, calendar_file, cancel_deadline

ALLOWED = {None, Ineligibility.NO_TRAINING, Ineligibility.PAYMENT_OVERDUE}


class TrainingAllowedMixin(LoginRequiredMixin):
    """SuperUsers of an active customer; training is how one without training gets it."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        reason = superuser_eligibility(user=request.user).reason
        if reason not in ALLOWED:
            return render_ineligible(request, reason)
        return super().dispatch(request, *args, **kwargs)


def _decorate(session: TrainingSession, *, user, now) -> TrainingSession:
    session.seats_left = max(session.seats - session.booked_count, 0)
    session.my_booking = selectors.active_booking_for(user=user, session=session)
    return session


class SessionListView(TrainingAllowedMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        modules = [(m.pk, m.display_name) for m in selectors.licensed_modules(user=request.user)]
        form = SessionFilterForm(request.GET or None, modules=modules)
        module_id = form.cleaned_data["module"] if form.is_valid() else None
        sessions = [_decorate(s, user=request.user, now=now) for s in
                    selectors.upcoming_sessions(user=request.user, now=now, module_id=module_id)]
        return render(request, "trainings/session_list.html",
                      {"form": form, "sessions": sessions,
                       "cancel_hours": selectors.cancel_deadline_hours()})


class SessionDetailView(TrainingAllowedMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        now = timezone.now()
        session = _decorate(selectors.session_get(pk=pk), user=request.user, now=now)
        licensed = selectors.licensed_modules(user=request.user).filter(
            pk=session.module_id).exists()
        hours = selectors.cancel_deadline_hours()
        return render(request, "trainings/session_detail.html", {
            "session": session, "licensed": licensed, "open": session.starts_at > now,
            "cancel_hours": hours,
            "cancel_until": cancel_deadline(starts_at=session.starts_at, hours=hours)})


class SessionBookView(TrainingAllowedMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = selectors.session_get(pk=pk)
        try:
            booking = services.training_book(session=session, user=request.user,
                                             now=timezone.now())
        except ValidationError as refusal:
            messages.error(request, refusal_text(refusal))
            return redirect(session)
        if booking.status == TrainingBooking.Status.BOOKED:
            messages.success(request, _("You are booked. A confirmation is on its way by email."))
        else:
            messages.info(request, _("The session is full: you are on the waiting list. If a "
                                     "seat becomes free, it is yours and we email you."))
        return redirect("trainings:booking_list")


class BookingListView(TrainingAllowedMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        hours = selectors.cancel_deadline_hours()
        rows = []
        for booking in selectors.bookings_for_user(user=request.user):
            active = booking.status in TrainingBooking.ACTIVE
            rows.append({
                "booking": booking,
                "upcoming": booking.session.starts_at > now,
                "position": (selectors.waiting_position(booking)
                             if booking.status == TrainingBooking.Status.WAITING else None),
                "may_cancel": active and now < (
                    cancel_deadline(starts_at=booking.session.starts_at, hours=hours)
                    if booking.status == TrainingBooking.Status.BOOKED
                    else booking.session.starts_at),
                "has_seat": booking.status in (TrainingBooking.Status.BOOKED,
                                               TrainingBooking.Status.ATTENDED),
            })
        return render(request, "trainings/booking_list.html",
                      {"rows": rows, "cancel_hours": hours})


class BookingCancelView(TrainingAllowedMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        booking = selectors.booking_get_for_user(user=request.user, pk=pk)
        if booking.status not in TrainingBooking.ACTIVE:
            return redirect("trainings:booking_list")
        return render(request, "trainings/booking_cancel_confirm.html", {"booking": booking})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        booking = selectors.booking_get_for_user(user=request.user, pk=pk)
        try:
            services.training_booking_cancel(booking=booking, user=request.user,
                                             now=timezone.now())
        except ValidationError as refusal:
            messages.error(request, refusal_text(refusal))
        else:
            messages.success(request, _("Your booking is cancelled."))
        return redirect("trainings:booking_list")


class BookingCalendarView(TrainingAllowedMixin, View):
    """The booking as an iCalendar file, for the booker only (a seat, not a waiting place)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        booking = selectors.booking_get_for_user(user=request.user, pk=pk)
        session = booking.session
        domain = urlsplit(settings.PORTAL_URL).hostname or "kundcenter.example"
        event = CalendarEvent(
            uid=f"training-booking-{booking.pk}@{domain}", stamp=timezone.now(),
            starts_at=session.starts_at, ends_at=session.ends_at,
            summary=_("Training: %(module)s") % {"module": session.module.display_name},
            location=session.place or session.url, url=session.url,
            description=(_("Cancelled") if booking.status == TrainingBooking.Status.CANCELLED
                         else session.get_format_display()))
        audit_record(actor=request.user, action="training_booking.calendar_download",
                     subject=booking, customer_id=booking.customer_id,
                     ip_address=client_ip(request), details={"language": get_language()})
        response = HttpResponse(calendar_file(event), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="training-{booking.pk}.ics"'
        return response
