"""Admin building blocks shared by the apps whose admin writes through services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse

from .refusals import refusal_messages


class ReadOnlyInline:
    """An inline that only shows rows: they are written elsewhere (a service, another admin),
    so none can be added, changed or deleted here. Mix in before admin.TabularInline."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return tuple(self.fields or ())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ServiceRefusal(Exception):
    """A service refused part of an admin save; carries the form field it concerns."""

    def __init__(self, field: str | None, error: ValidationError | PermissionDenied) -> None:
        super().__init__(str(error))
        self.field = field
        self.messages = refusal_messages(error)


class ServiceSavedAdminMixin:
    """For admins whose saves run services. A save is all or nothing: when a service
    refuses, everything this save wrote is rolled back and the same form comes back with
    the reason on the field it concerns, never "changed successfully" over half a change.

    ``save_model`` / ``save_formset`` run each service inside ``with self.refusal_on(field)``.
    The refusal leaves ``changeform_view``'s own atomic block as an exception (so Django
    rolls back), and the form is then validated once more with the refusal as its error.
    A service has written everything; the inline formsets were never saved themselves, so
    the change message describes the main form only."""

    @contextmanager
    def refusal_on(self, field: str | None) -> Iterator[None]:
        try:
            yield
        except (ValidationError, PermissionDenied) as error:
            raise ServiceRefusal(field, error) from error

    def changeform_view(self, request: HttpRequest, object_id: str | None = None,
                        form_url: str = "", extra_context: dict | None = None) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefusal as refusal:
            request._service_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal: ServiceRefusal | None = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form

        class FormWithRefusal(form):
            def clean(self) -> dict:
                cleaned = super().clean()
                field = refusal.field if refusal.field in self.fields else None
                self.add_error(field, refusal.messages)
                return cleaned

        return FormWithRefusal

    def construct_change_message(
        self, request: HttpRequest, form: forms.ModelForm, formsets: list, add: bool = False
    ) -> list[dict[str, Any]]:
        return super().construct_change_message(request, form, [], add)
