"""The four case workflows of the brochures ("Vår ärendeprocess"), declared in one place.

Each category has its states in order, its first state, and the moves allowed between
them, each with who may take it. No ORM, no clock: services consult these tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models
from django.utils.functional import Promise
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
class Step:
    """A state as the customer reads it: a name and one sentence on what happens now."""

    name: Promise
    now: Promise
    # What happens now once a guard holds instead (an accepted estimate: until work starts).
    now_once: tuple[tuple[Guard, Promise], ...] = ()


@dataclass(frozen=True)
class Workflow:
    category: Category
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    # Where a customer's reply within the reopening window puts a case that was delivered
    # (see reopen_target; the reasons are given with each workflow below).
    reopen_to: State
    steps: Mapping[State, Step] = field(default_factory=dict, hash=False)

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

_CLOSED_STEP = Step(State.CLOSED.label, _(
    "The case is closed. If the problem comes back soon, reply here and the case reopens; "
    "later, register a follow-up case."))

WORKFLOWS: dict[str, Workflow] = {
    Category.SUPPORT_QUESTION: Workflow(Category.SUPPORT_QUESTION, _SUPPORT, (
        Transition(State.FIRST_LINE, State.SECOND_LINE, STAFF),
        # A customer whose question is answered may close it; staff may too.
        Transition(State.FIRST_LINE, State.CLOSED, ANYONE),
        Transition(State.SECOND_LINE, State.CLOSED, ANYONE),
        Transition(State.SECOND_LINE, State.FIRST_LINE, STAFF),
    ),
        # A question that comes back is triaged again like a new one: first line knows the
        # earlier answer from the history and hands it to second line only if needed.
        reopen_to=State.FIRST_LINE,
        steps={
            State.FIRST_LINE: Step(_("With first-line support"), _(
                "A support specialist reads your question and answers you here in the "
                "conversation.")),
            State.SECOND_LINE: Step(_("With a senior specialist"), _(
                "Your question needs a closer look: a senior specialist investigates it and "
                "answers you here.")),
            State.CLOSED: _CLOSED_STEP,
        }),
    Category.ORDER: Workflow(Category.ORDER, _ORDER, (
        Transition(State.RECEIVED, State.COST_ESTIMATE, STAFF, Guard.ESTIMATE_GIVEN),
        # Billable work starts only after the customer has accepted the estimate.
        Transition(State.COST_ESTIMATE, State.WORK, STAFF, Guard.ESTIMATE_ACCEPTED),
        Transition(State.WORK, State.DELIVERED, STAFF),
        Transition(State.DELIVERED, State.CLOSED, ANYONE),
        Transition(State.RECEIVED, State.CLOSED, ANYONE),
        Transition(State.COST_ESTIMATE, State.CLOSED, ANYONE),
    ),
        # Delivered work that does not do what was ordered is finished under the estimate
        # already accepted, so it goes straight back to work; a change of scope is a new
        # estimate version, which sends it to the customer again (case_estimate_give).
        reopen_to=State.WORK,
        steps={
            State.RECEIVED: Step(State.RECEIVED.label, _(
                "A consultant reads your order and prepares a cost estimate for you.")),
            State.COST_ESTIMATE: Step(_("Cost estimate to accept"), _(
                "The cost estimate waits for your answer: no billable work starts before you "
                "accept it."), now_once=((Guard.ESTIMATE_ACCEPTED, _(
                    "You have accepted the estimate. A consultant schedules the work and moves "
                    "the order to “Work in progress” when it starts; we tell you here.")),)),
            State.WORK: Step(State.WORK.label, _(
                "A consultant does the work you ordered and tells you here when it is "
                "delivered.")),
            State.DELIVERED: Step(State.DELIVERED.label, _(
                "The work is delivered. Check the result and tell us whether it solved your "
                "need; if something is missing, reply here.")),
            State.CLOSED: _CLOSED_STEP,
        }),
    Category.WISH: Workflow(Category.WISH, _WISH, (
        *_chain(_WISH[:-1], STAFF),
        Transition(State.DELIVERED, State.CLOSED, ANYONE),
        Transition(State.RECEIVED, State.CLOSED, STAFF),
        Transition(State.PRODUCT_COUNCIL, State.CLOSED, STAFF),
    ),
        # The product council has already said yes to the wish; what is missing from the
        # delivery is planned again, not put before the council a second time.
        reopen_to=State.PLANNED,
        steps={
            State.RECEIVED: Step(State.RECEIVED.label, _(
                "A product specialist reads your wish and prepares it for the product "
                "council.")),
            State.PRODUCT_COUNCIL: Step(_("With the product council"), _(
                "The product council decides whether and when the wish fits into a coming "
                "version.")),
            State.PLANNED: Step(State.PLANNED.label, _(
                "The wish is planned for a coming version; we tell you here when it is "
                "delivered.")),
            State.DELIVERED: Step(State.DELIVERED.label, _(
                "The wish is delivered. Check the result and tell us whether it meets your "
                "need.")),
            State.CLOSED: _CLOSED_STEP,
        }),
    Category.SOFTWARE_BUG: Workflow(Category.SOFTWARE_BUG, _BUG, (
        *_chain(_BUG[:-1], STAFF),
        Transition(State.DELIVERED, State.CLOSED, ANYONE),
        Transition(State.NEW, State.CLOSED, STAFF),
        Transition(State.ESCALATED, State.CLOSED, STAFF),
        Transition(State.ASSESSED, State.CLOSED, STAFF),
    ),
        # The bug is known and reproduced; a fix that did not remove it means the cause must
        # be assessed again before a new fix is planned.
        reopen_to=State.ASSESSED,
        steps={
            State.NEW: Step(State.NEW.label, _(
                "A support specialist checks the error and tries to repeat it; the service "
                "level decides how soon work starts.")),
            State.ESCALATED: Step(State.ESCALATED.label, _(
                "The error has been handed to our developers, who look for its cause.")),
            State.ASSESSED: Step(State.ASSESSED.label, _(
                "Our developers know the cause and decide how and in which version to fix "
                "it.")),
            State.PLANNED: Step(_("Fix planned"), _(
                "A fix is planned for a coming version; we tell you here when it is "
                "delivered.")),
            State.DELIVERED: Step(_("Fix delivered"), _(
                "The fix is delivered. Check that the error is gone and tell us whether it "
                "solved the problem.")),
            State.CLOSED: _CLOSED_STEP,
        }),
}

# The one definition of "open" everywhere (the customer's list, the SLA recompute, reports):
# a case is open until it is delivered or closed. A closed case takes no more writes.
RESOLVED_STATES = frozenset({State.DELIVERED, State.CLOSED})
OPEN_STATES = frozenset(State) - RESOLVED_STATES


def workflow_for(category: str) -> Workflow:
    return WORKFLOWS[category]


def reopen_target(category: str, *, resolved_from: str) -> State:
    """Where a customer's reply within the window puts a resolved case. Only a delivered case
    goes to its workflow's ``reopen_to``: a case closed before delivery (an order declined
    at the estimate, a wish the council turned down) starts again at the first state, so
    reopening never skips the estimate or the council."""
    workflow = workflow_for(category)
    if resolved_from == State.DELIVERED:
        return workflow.reopen_to
    return workflow.initial


def step_name(category: str, state: str) -> Promise:
    """The state's customer-facing name in the case's workflow."""
    return workflow_for(category).steps[state].name


def state_display_name(category: str, state: str) -> str:
    """`step_name` for pages: a state no longer in the workflow (history of a changed
    workflow) reads as its label instead of failing the page."""
    try:
        return str(step_name(category, state))
    except (KeyError, ValueError):
        return str(State(state).label) if state in State.values else state


def what_happens_now(category: str, state: str, *, holding: Iterable[Guard] = ()) -> Promise:
    """The sentence the case page shows under the current state."""
    step = workflow_for(category).steps[state]
    holding = frozenset(holding)
    return next((text for guard, text in step.now_once if guard in holding), step.now)


class StepStatus(StrEnum):
    DONE = "done"
    CURRENT = "current"
    SKIPPED = "skipped"  # passed over, e.g. an order closed before any work
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class ProgressStep:
    state: State
    name: Promise
    status: StepStatus


def workflow_progress(category: str, *, current: str,
                      visited: Iterable[str]) -> list[ProgressStep]:
    """The workflow's states in order, each marked done, current, skipped or upcoming.
    ``visited``: every state the case has been in (its history), so a step it never went
    through is not shown as done; a step visited before a reopening is upcoming again."""
    workflow = workflow_for(category)
    seen = frozenset(visited)
    position = workflow.states.index(current)
    steps = []
    for index, state in enumerate(workflow.states):
        if index == position:
            status = StepStatus.CURRENT
        elif index > position:
            status = StepStatus.UPCOMING
        else:
            status = StepStatus.DONE if state in seen else StepStatus.SKIPPED
        steps.append(ProgressStep(state, workflow.steps[state].name, status))
    return steps


def state_filter_choices() -> list[tuple[Promise, list[tuple[str, Promise]]]]:
    """The list's state filter grouped by category; a value names both ("order:work"),
    because the same state (delivered, closed) exists in several workflows."""
    return [(Category(category).label,
             [(f"{category}:{state}", workflow.steps[state].name) for state in workflow.states])
            for category, workflow in WORKFLOWS.items()]
