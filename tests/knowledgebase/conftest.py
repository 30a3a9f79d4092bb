"""Knowledge-base fixtures: a SuperUser whose licence covers one module, and articles that
person may and may not read."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from knowledgebase.models import Article, Visibility
from tests.factories import ArticleFactory, LicenceFactory, ModuleFactory, make_superuser


@dataclass
class Library:
    """One article of each kind, all with "faktura" in the question."""

    public: Article
    own_module: Article          # module-internal, the user's licence covers the module
    foreign_module: Article      # module-internal, another module
    unpublished: Article
    inactive_licence: Article    # module-internal, covered only by an inactive licence


@pytest.fixture
def payroll(db):
    return ModuleFactory(code="payroll", name="Lön")


@pytest.fixture
def stock(db):
    return ModuleFactory(code="stock", name="Lager")


@pytest.fixture
def superuser(payroll):
    return make_superuser(licence=LicenceFactory(modules=[payroll]))


@pytest.fixture
def library(superuser, payroll, stock) -> Library:
    archived = ModuleFactory(code="archived", name="Arkiv")
    LicenceFactory(customer=superuser.customer, modules=[archived], is_active=False)
    return Library(
        public=ArticleFactory(question="Hur skickar jag en faktura?"),
        own_module=ArticleFactory(question="Hur bokför jag lön på en faktura?", module=payroll,
                                  visibility=Visibility.MODULE),
        foreign_module=ArticleFactory(question="Hur lagerför jag en faktura?", module=stock,
                                      visibility=Visibility.MODULE),
        unpublished=ArticleFactory(question="Utkast om en faktura", is_published=False),
        inactive_licence=ArticleFactory(question="Arkivera en faktura", module=archived,
                                        visibility=Visibility.MODULE),
    )
