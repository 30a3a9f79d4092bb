"""Factories for the trainings app."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from trainings.models import TrainingSession

from .core import ModuleFactory

__all__ = ["TrainingSessionFactory", "SESSION_START"]

# A Thursday a week after WEDNESDAY_MORNING (tests book "now" = WEDNESDAY_MORNING).
SESSION_START = dt.datetime(2026, 2, 19, 8, 0, tzinfo=dt.UTC)


class TrainingSessionFactory(DjangoModelFactory[TrainingSession]):
    class Meta:
        model = TrainingSession

    module = factory.SubFactory(ModuleFactory)
    language = "en"
    format = TrainingSession.Format.WEB
    url = "https://meet.example.com/training"
    starts_at = SESSION_START
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    seats = 2
