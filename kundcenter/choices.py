"""`instance.get_FOO_display()` for hot paths."""

from __future__ import annotations

from typing import Any

from django.db import models

# Django's get_FOO_display() rebuilds the field's whole choices mapping (make_hashable over
# every choice) on each call: a history of thirty entries spent more on that than on
# everything else it showed. The mapping is fixed per field; its labels stay lazy, so each
# call still reads in the active language.
_MAPPINGS: dict[tuple[type[models.Model], str], dict[Any, Any]] = {}


def choice_display(instance: models.Model, field_name: str) -> str:
    """The label of the instance's value of a field with choices (the value itself when it
    is not among them, as get_FOO_display does)."""
    key = (type(instance), field_name)
    mapping = _MAPPINGS.get(key)
    if mapping is None:
        mapping = _MAPPINGS[key] = dict(instance._meta.get_field(field_name).flatchoices)
    value = getattr(instance, field_name)
    label = mapping.get(value, value)
    return "" if label is None else str(label)
