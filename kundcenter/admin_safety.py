"""Admin form pieces that answer a hostile related-object value with a form error, not a 500.

Django's admin crashes on two such values: the autocomplete widget re-renders a refused
value by querying ``pk__in=[value]`` (a ValueError for "abc", an OverflowError on SQLite for
a twenty-digit number), and a multiple choice of related objects checks its values with
``pk__in`` as well (the twenty-digit number again). ``SafeRelatedFieldsAdminMixin`` gives an
admin both fixes; mix it in before ``admin.ModelAdmin`` (or an inline).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Field
from django.http import HttpRequest


def storable_key(target: Field, value: Any) -> bool:
    """Whether ``value`` can be a value of ``target`` (a key column) in a lookup: it converts,
    and an integer fits the column."""
    try:
        python = target.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    if isinstance(python, int) and not isinstance(python, bool):
        connection = connections[router.db_for_read(target.model)]
        low, high = connection.ops.integer_field_ranges.get(target.get_internal_type(),
                                                           (None, None))
        return (low is None or python >= low) and (high is None or python <= high)
    return True


def _target_field(db_field: Field) -> Field:
    remote = db_field.remote_field
    opts = remote.model._meta
    return opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)


def _storable(db_field: Field, values: Iterable[Any]) -> list[Any]:
    target = _target_field(db_field)
    return [value for value in values if value in ("", None) or storable_key(target, value)]


class SafeAutocompleteSelect(AutocompleteSelect):
    """Shows a refused value as no selection instead of looking it up."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _storable(self.field, value), attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _storable(self.field, value), attr)


class StorableModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a value no key can have before the ``pk__in`` query that would overflow."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        opts = self.queryset.model._meta
        target = opts.pk if key == "pk" else opts.get_field(key)
        for pk in value:
            if not storable_key(target, pk):
                raise ValidationError(self.error_messages["invalid_pk_value"],
                                      code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)


class SafeRelatedFieldsAdminMixin:
    def formfield_for_foreignkey(self, db_field: Field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site,
                                                      using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site,
                                                              using=kwargs.get("using"))
        kwargs.setdefault("form_class", StorableModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
