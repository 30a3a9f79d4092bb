"""Feedback on the customer centre, as the footer form sends it."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from feedback.models import Feedback, Topic
from feedback.rules import sender_key

__all__ = ["FeedbackFactory"]


class FeedbackFactory(DjangoModelFactory[Feedback]):
    class Meta:
        model = Feedback

    created_at = dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC)
    page = "/faq/"
    language = "en"
    topic = Topic.SUGGESTION
    text = "The FAQ search could also look in the attachments."
    email = "visitor@example.com"
    sender_key = factory.Sequence(lambda n: sender_key(user_id=None, ip_address=f"10.0.0.{n % 250}",
                                                       secret="factory"))
