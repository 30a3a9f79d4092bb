"""Reads: upcoming sessions, a person's bookings, the next session of a module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from customers.access import get_for_customer_or_404, scope_to_customer
from customers.models import Module

from .models import TrainingBooking, TrainingSession
from .rules import DEFAULT_CANCEL_DEADLINE_HOURS

if TYPE_CHECKING:
    from accounts.models import User


def cancel_deadline_hours() -> int:
    return int(getattr(settings, "TRAINING_CANCEL_DEADLINE_HOURS", DEFAULT_CANCEL_DEADLINE_HOURS))


def licensed_modules(*, user: User) -> QuerySet[Module]:
    """Modules on the active licences of the person's customer."""
    if user.customer_id is None:
        return Module.objects.none()
    return Module.objects.filter(licences__customer_id=user.customer_id,
                                 licences__is_active=True).distinct().order_by("name")


def _with_counts(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return sessions.select_related("module").annotate(
        booked_count=Count("bookings", filter=Q(bookings__status__in=[
            TrainingBooking.Status.BOOKED, TrainingBooking.Status.ATTENDED])))


def upcoming_sessions(*, user: User, now: datetime, module_id: int | None = None
                      ) -> QuerySet[TrainingSession]:
    """Sessions not yet started, of the modules the person's company is licensed for."""
    sessions = TrainingSession.objects.filter(
        starts_at__gt=now, module__in=licensed_modules(user=user))
    if module_id is not None:
        sessions = sessions.filter(module_id=module_id)
    return _with_counts(sessions).order_by("starts_at", "pk")


def session_get(*, pk: int) -> TrainingSession:
    """Sessions are the vendor's timetable, readable by every SuperUser."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(_with_counts(TrainingSession.objects.all()), pk=pk)


def next_session_for(module: Module, language: str, now: datetime) -> TrainingSession | None:
    """The next bookable session of ``module``: in ``language`` when there is one (one with a
    free seat first), else in any language."""
    sessions = list(_with_counts(TrainingSession.objects.filter(module=module,
                                                                 starts_at__gt=now))
                    .order_by("starts_at", "pk")[:50])
    if not sessions:
        return None

    def rank(session: TrainingSession) -> tuple[int, int]:
        return (0 if session.language == language else 1,
                0 if session.booked_count < session.seats else 1)

    return min(sessions, key=rank)  # min is stable: the earliest of the best rank


def bookings_for_user(*, user: User) -> QuerySet[TrainingBooking]:
    """The person's own bookings (a colleague's are not theirs to see)."""
    return (scope_to_customer(TrainingBooking.objects.all(), user=user)
            .filter(user_id=user.pk).select_related("session__module")
            .order_by("-session__starts_at", "-pk"))


def booking_get_for_user(*, user: User, pk: int) -> TrainingBooking:
    """The person's own booking, or 404 (another person's is as missing as a made-up id)."""
    return get_for_customer_or_404(
        TrainingBooking.objects.select_related("session__module"), user=user, pk=pk,
        user_id=user.pk)


def active_booking_for(*, user: User, session: TrainingSession) -> TrainingBooking | None:
    return (bookings_for_user(user=user)
            .filter(session=session, status__in=TrainingBooking.ACTIVE).first())


def waiting_position(booking: TrainingBooking) -> int:
    """1 for the first on the waiting list."""
    earlier = TrainingBooking.objects.filter(
        session_id=booking.session_id, status=TrainingBooking.Status.WAITING).filter(
        Q(created_at__lt=booking.created_at) | Q(created_at=booking.created_at, pk__lt=booking.pk))
    return earlier.count() + 1


@dataclass(frozen=True)
class MissingTraining:
    module: Module
    next_session: TrainingSession | None


def missing_trainings(*, user: User, language: str, now: datetime) -> list[MissingTraining]:
    """Modules of the company's licences the person is not trained on, each with the next
    session to book (the case form says why those modules are not offered)."""
    modules = licensed_modules(user=user).exclude(trainings__user=user)
    return [MissingTraining(module=module, next_session=next_session_for(module, language, now))
            for module in modules]
