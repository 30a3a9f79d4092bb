"""Factories for the Academy (import from tests.factories.academy)."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from academy.models import Release, ReleaseSection, Resource, ResourceKind, Wish

from .core import CustomerFactory, ModuleFactory

__all__ = ["ReleaseFactory", "ReleaseSectionFactory", "ResourceFactory", "WishFactory",
           "published_release"]


class ReleaseFactory(DjangoModelFactory[Release]):
    class Meta:
        model = Release

    version = factory.Sequence(lambda n: f"2026.{n:02d}")
    name = ""
    published_at = factory.LazyFunction(timezone.now)


class ReleaseSectionFactory(DjangoModelFactory[ReleaseSection]):
    class Meta:
        model = ReleaseSection

    release = factory.SubFactory(ReleaseFactory)
    module = factory.SubFactory(ModuleFactory)
    language = "sv"
    body = "Nyheter i **denna** release."


class ResourceFactory(DjangoModelFactory[Resource]):
    class Meta:
        model = Resource

    module = factory.SubFactory(ModuleFactory)
    kind = ResourceKind.DOCUMENTATION
    title = factory.Sequence(lambda n: f"Handbok {n}")
    language = "sv"
    url = "https://example.com/doc"


class WishFactory(DjangoModelFactory[Wish]):
    class Meta:
        model = Wish

    customer = factory.SubFactory(CustomerFactory)
    text = "En film om bokslut"
    created_at = factory.LazyFunction(timezone.now)


def published_release(module, *, languages=("sv",), body="Nyheter", **fields) -> Release:
    release = ReleaseFactory(**fields)
    for language in languages:
        ReleaseSectionFactory(release=release, module=module, language=language,
                              body=f"{body} ({language})")
    return release
