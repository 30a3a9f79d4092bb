"""Demo training sessions for every module (web and classroom, Swedish and Finnish) in the
coming weeks, and a booking for the demo SuperUsers. Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from customers.models import Module

from .models import TrainingBooking, TrainingSession
from .services import training_book

PLACES = {"sv": "Kundcentret, Storgatan 12, Stockholm",
          "fi": "Asiakaskeskus, Mannerheimintie 5, Helsinki"}
# The demo SuperUser of each language books the first module of their licences they lack.
BOOKERS = ["anna.lind@elektronord.example", "mikko.virtanen@kuljetus.example",
           "oliver.grant@kauppa.example"]


def load(stdout) -> None:
    now = timezone.now()
    day = (now + dt.timedelta(days=10)).replace(hour=8, minute=0, second=0, microsecond=0)
    created = 0
    for index, module in enumerate(Module.objects.order_by("code")):
        for language, offset, kind in (("sv", 0, TrainingSession.Format.WEB),
                                       ("fi", 2, TrainingSession.Format.CLASSROOM),
                                       ("en", 4, TrainingSession.Format.WEB)):
            if TrainingSession.objects.filter(module=module, language=language,
                                              starts_at__gt=now).exists():
                continue
            starts = day + dt.timedelta(days=index + offset)
            web = kind == TrainingSession.Format.WEB
            TrainingSession.objects.create(
                module=module, language=language, format=kind,
                place="" if web else PLACES[language],
                url="https://meet.kundcenter.example/training" if web else "",
                starts_at=starts, ends_at=starts + dt.timedelta(hours=3), seats=12)
            created += 1
    for email in BOOKERS:
        user = User.objects.filter(email=email).first()
        if user is None or TrainingBooking.objects.filter(user=user).exists():
            continue
        session = (TrainingSession.objects.filter(
            starts_at__gt=now, module__licences__customer_id=user.customer_id,
            module__licences__is_active=True).exclude(module__trainings__user=user)
            .order_by("starts_at").first())
        if session is not None:
            training_book(session=session, user=user, now=now)
    stdout.write(f"Training: {created} sessions added.")
