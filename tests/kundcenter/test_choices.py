"""choice_display answers what get_FOO_display answers."""

import pytest


@pytest.mark.django_db
def test_choice_display_is_get_foo_display_in_the_active_language():
    from django.utils import translation

    from cases.models import CaseEvent
    from kundcenter.choices import choice_display

    for kind in [*CaseEvent.Kind.values, "no-longer-a-kind"]:
        event = CaseEvent(kind=kind)
        for language in ("sv", "fi", "en"):
            with translation.override(language):
                assert choice_display(event, "kind") == event.get_kind_display()
