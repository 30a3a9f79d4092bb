"""Admin building blocks shared by the apps whose admin writes through services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest


class ReadOnlyInline:
    """An inline that only shows rows: they are written elsewhere (a service, another admin),
    so none can be added, changed or deleted here. Mix in before admin.TabularInline."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return tuple(self.fields or ())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ServiceSavedAdminMixin:
    """A service has written everything; the inline formsets were never saved themselves,
    so the change message describes the main form only."""

    def construct_change_message(
        self, request: HttpRequest, form: forms.ModelForm, formsets: list, add: bool = False
    ) -> list[dict[str, Any]]:
        return super().construct_change_message(request, form, [], add)
