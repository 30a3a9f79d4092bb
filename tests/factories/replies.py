"""Factories for saved replies."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from knowledgebase.models import Language
from replies.models import SavedReply

__all__ = ["SavedReplyFactory"]


class SavedReplyFactory(DjangoModelFactory[SavedReply]):
    class Meta:
        model = SavedReply

    title = factory.Sequence(lambda n: f"Sparat svar {n}")
    body = "Hej!\n\nTack för ditt ärende."
    language = Language.SWEDISH
    team = "crafts"
    is_active = True
    updated_at = factory.LazyFunction(timezone.now)
