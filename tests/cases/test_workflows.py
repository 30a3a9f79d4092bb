import pytest

from cases.workflows import WORKFLOWS, Actor, Category, Guard, State, workflow_for


@pytest.mark.parametrize(("category", "states"), [
    (Category.SUPPORT_QUESTION, [State.FIRST_LINE, State.SECOND_LINE, State.CLOSED]),
    (Category.ORDER, [State.RECEIVED, State.COST_ESTIMATE, State.WORK, State.DELIVERED,
                      State.CLOSED]),
    (Category.WISH, [State.RECEIVED, State.PRODUCT_COUNCIL, State.PLANNED, State.DELIVERED,
                     State.CLOSED]),
    (Category.SOFTWARE_BUG, [State.NEW, State.ESCALATED, State.ASSESSED, State.PLANNED,
                             State.DELIVERED, State.CLOSED]),
])
def test_each_category_follows_the_brochure_process(category, states):
    workflow = workflow_for(category)
    assert list(workflow.states) == states
    assert workflow.initial == states[0]
    # Staff can walk the whole happy path, one step at a time.
    for source, target in zip(states, states[1:], strict=False):
        assert workflow.find(source, target) is not None


def test_every_transition_stays_inside_its_workflow():
    for workflow in WORKFLOWS.values():
        for transition in workflow.transitions:
            assert transition.source in workflow.states
            assert transition.target in workflow.states
            assert transition.actors


def test_order_work_needs_the_accepted_estimate():
    move = workflow_for(Category.ORDER).find(State.COST_ESTIMATE, State.WORK)
    assert move.guard == Guard.ESTIMATE_ACCEPTED
    assert move.actors == {Actor.STAFF}


def test_customers_may_only_close():
    for workflow in WORKFLOWS.values():
        for state in workflow.states:
            for move in workflow.moves_from(state, Actor.CUSTOMER):
                assert move.target == State.CLOSED
