"""Training sessions staff schedule for a module, and SuperUsers' bookings of them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, Module


class TrainingSession(models.Model):
    """One run of a module's training, on the web or in a classroom. Vendor data: every
    SuperUser may see it; its bookings are the customer's."""

    class Format(models.TextChoices):
        WEB = "web", _("Web")
        CLASSROOM = "classroom", _("Classroom")

    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.PROTECT,
                               related_name="training_sessions")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices,
                              default=Format.WEB)
    place = models.CharField(_("place"), max_length=200, blank=True,
                             help_text=_("Address of the classroom (classroom sessions)."))
    url = models.URLField(_("web address"), blank=True,
                          help_text=_("Where participants join (web sessions)."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    seats = models.PositiveIntegerField(_("seats"), default=12)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="training_session_ends_after_start"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="training_session_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.module} – {self.starts_at:%Y-%m-%d %H:%M} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse("trainings:session_detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})
        if self.format == self.Format.CLASSROOM and not self.place.strip():
            raise ValidationError({"place": _("A classroom session needs a place.")})


class TrainingBooking(models.Model):
    """A SuperUser's seat on a session, or their place on its waiting list."""

    CUSTOMER_PATH = "customer_id"

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    ACTIVE = (Status.BOOKED, Status.WAITING)

    session = models.ForeignKey(TrainingSession, verbose_name=_("training session"),
                                on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"),
                             on_delete=models.CASCADE, related_name="training_bookings")
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.CASCADE,
                                 related_name="training_bookings")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Waiting-list order: who asked first gets the next free seat.
    created_at = models.DateTimeField(_("booked at"))
    seat_given_at = models.DateTimeField(_("seat given"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("training booking")
        verbose_name_plural = _("training bookings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], condition=~Q(status="cancelled"),
                name="training_booking_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.session} – {self.user} ({self.status})"
