"""Form widgets that render without the template engine where it costs the most.

Django renders every widget through the form renderer's templates: a select includes one
template per option and one more for each option's attributes, an input two templates. On
the case list, whose filter form has four selects (grouped states, modules) and two inputs,
that was three tenths of the page. These write the same markup (tests/kundcenter/
test_widgets.py compares them with Django's own) straight from the choices.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.widgets import Input
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe


def _attrs_html(attrs: dict[str, Any]) -> str:
    """The attributes as django/forms/widgets/attrs.html writes them: in their order, a True
    one bare, a False one left out."""
    return "".join(f" {name}" if value is True else f' {name}="{escape(value)}"'
                   for name, value in attrs.items() if value is not False)


class PlainSelect(forms.Select):
    """A ``<select>`` written out in Python, the same markup as Django's template."""

    def render(self, name: str, value: Any, attrs: dict | None = None,
               renderer: Any = None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        values = set(self.format_value(value))
        # Like Django's optgroups(): a single select marks its first matching option only.
        marking = True

        def option(option_value: Any, label: Any) -> str:
            nonlocal marking
            as_text = "" if option_value is None else str(option_value)
            selected = marking and as_text in values
            if selected and not self.allow_multiple_selected:
                marking = False
            return (f'<option value="{escape(as_text)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(label)}</option>")

        parts = [f'<select name="{escape(name)}"{_attrs_html(final_attrs)}>']
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'<optgroup label="{escape(option_value)}">')
                parts.extend(option(sub_value, sub_label) for sub_value, sub_label in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        return mark_safe("".join(parts))


class _PlainInput(Input):
    """An ``<input>`` written out in Python: Django's template and its attributes' include,
    as text. The widget's own ``get_context`` still decides the value and ``checked``."""

    def render(self, name: str, value: Any, attrs: dict | None = None,
               renderer: Any = None) -> SafeString:
        context = self.get_context(name, value, attrs)["widget"]
        shown = "" if context["value"] is None else f' value="{escape(context["value"])}"'
        return mark_safe(f'<input type="{context["type"]}" name="{escape(name)}"{shown}'
                         f'{_attrs_html(context["attrs"])}>')


class PlainTextInput(_PlainInput, forms.TextInput):
    """``<input type="text">``."""


class PlainCheckboxInput(_PlainInput, forms.CheckboxInput):
    """A checkbox (``checked`` as Django's CheckboxInput sets it)."""


class PlainHiddenInput(_PlainInput, forms.HiddenInput):
    """``<input type="hidden">`` (the feedback footer on every page carries one)."""


class PlainFileInput(_PlainInput, forms.ClearableFileInput):
    """A file input (the case page's reply, the registration form). With a current file to
    show or clear (no portal form has one) it is Django's template as before."""

    def render(self, name: str, value: Any, attrs: dict | None = None,
               renderer: Any = None) -> SafeString:
        if self.is_initial(value):
            return forms.ClearableFileInput.render(self, name, value, attrs, renderer)
        return super().render(name, value, attrs, renderer)


class PlainTextarea(forms.Textarea):
    """``<textarea>`` without the templates (the case page's reply, the registration form's
    description)."""

    def render(self, name: str, value: Any, attrs: dict | None = None,
               renderer: Any = None) -> SafeString:
        context = self.get_context(name, value, attrs)["widget"]
        # Django's template starts the content on a new line, which browsers drop.
        text = escape(context["value"]) if context["value"] else ""
        return mark_safe(f'<textarea name="{escape(name)}"{_attrs_html(context["attrs"])}>\n{text}'
                         "</textarea>")
