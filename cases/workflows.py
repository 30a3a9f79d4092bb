"""The four case workflows of the brochures ("Vår ärendeprocess"), declared in one place.

Each category has its states in order, its first state, and the moves allowed between
them, each with who may take it. No ORM, no clock: services consult these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    SUPPORT_QUESTION = "support", _("Support question")
    ORDER = "order", _("Order")
    WISH = "wish", _("Wish")
    SOFTWARE_BUG = "bug", _("Software bug")


class State(models.TextChoices):
    FIRST_LINE = "first_line", _("1st line")
    SECOND_LINE = "second_line", _("2nd line")
    RECEIVED = "received", _("Received")
    COST_ESTIMATE = "cost_estimate", _("Cost estimate")
    WORK = "work", _("Work in progress")
    PRODUCT_COUNCIL = "product_council", _("Product council")
    NEW = "new", _("New")
    ESCALATED = "escalated", _("Escalated")
    ASSESSED = "assessed", _("Assessed")
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", pgettext_lazy("case state", "Closed")


class Actor(StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"


class Guard(StrEnum):
    """A condition a move needs beyond who takes it; services evaluate it on the case."""

    ESTIMATE_ACCEPTED = "estimate_accepted"
    ESTIMATE_GIVEN = "estimate_given"


@dataclass(frozen=True)
class Transition:
    source: State
    target: State
    actors: frozenset[Actor]
    guard: Guard | None = None


@dataclass(frozen=True)
class Workflow:
    category: Category
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]

    @property
    def initial(self) -> State:
        return self.states[0]

    def moves_from(self, state: str, actor: Actor) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if t.source == state and actor in t.actors)

    def find(self, source: str, target: str) -> Transition | None:
        return next((t for t in self.transitions
                     if t.source == source and t.target == target), None)


STAFF = frozenset({Actor.STAFF})
ANYONE = frozenset({Actor.STAFF, Actor.CUSTOMER})


def _chain(states: tuple[State, ...], actors: frozenset[Actor]) -> list[Transition]:
    return [Transition(a, b, actors) for a, b in zip(states, states[1:], strict=False)]


_SUPPORT = (State.FIRST_LINE, State.SECOND_LINE, State.CLOSED)
_ORDER = (State.RECEIVED, State.COST_ESTIMATE, State.WORK, State.DELIVERED, State.CLOSED)
_WISH = (State.RECEIVED, State.PRODUCT_COUNCIL, State.PLANNED, State.DELIVERED, State.CLOSED)
_BUG = (State.NEW, State.ESCALATED, State.ASSESSED, State.PLANNED, State.DELIVERED, State.CLOSED)

WORKFLOWS: dict[str, Workflow] = {
    Category.SUPPORT_QUESTION: Workflow(Category.SUPPORT_QUESTION, _SUPPORT, (
        Transition(State.FIRST_LINE, State.SECOND_LINE, STAFF),
        # A customer whose question is answered may close it; staff may too.
        Transition(State.FIRST_LINE, State.CLOSED, ANYONE),
        Transition(State.SECOND_LINE, State.CLOSED, ANYONE),
        Transition(State.SECOND_LINE, State.FIRST_LINE, STAFF),
    )),
    Category.ORDER: Workflow(Category.ORDER, _ORDER, (
        Transition(State.RECEIVED, State.COST_ESTIMATE, STAFF, Guard.ESTIMATE_GIVEN),
        # Billable work starts only after the customer has accepted the estimate.
        Transition(State.COST_ESTIMATE, State.WORK, STAFF, Guard.ESTIMATE_ACCEPTED),
        Transition(State.WORK, State.DELIVERED, STAFF),
        Transition(State.DELIVERED, State.CLOSED, ANYONE),
        Transition(State.RECEIVED, State.CLOSED, ANYONE),
        Transition(State.COST_ESTIMATE, State.CLOSED, ANYONE),
    )),
    Category.WISH: Workflow(Category.WISH, _WISH, (
        *_chain(_WISH[:-1], STAFF),
        Transition(State.DELIVERED, State.CLOSED, ANYONE),
        Transition(State.RECEIVED, State.CLOSED, STAFF),
        Transition(State.PRODUCT_COUNCIL, State.CLOSED, STAFF),
    )),
    Category.SOFTWARE_BUG: Workflow(Category.SOFTWARE_BUG, _BUG, (
        *_chain(_BUG[:-1], STAFF),
        Transition(State.DELIVERED, State.CLOSED, ANYONE),
        Transition(State.NEW, State.CLOSED, STAFF),
        Transition(State.ESCALATED, State.CLOSED, STAFF),
        Transition(State.ASSESSED, State.CLOSED, STAFF),
    )),
}

# The one definition of "open" everywhere (the customer's list, the SLA recompute, reports):
# a case is open until it is delivered or closed. A closed case takes no more writes.
RESOLVED_STATES = frozenset({State.DELIVERED, State.CLOSED})
OPEN_STATES = frozenset(State) - RESOLVED_STATES


def workflow_for(category: str) -> Workflow:
    return WORKFLOWS[category]
