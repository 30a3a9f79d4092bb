"""``{{ form.field|bs5_field }}``: one form field in Bootstrap 5 markup, for the pages people
open most (the registration form, the case page's reply and rating forms).

It writes the same markup as crispy-forms' ``as_crispy_field`` (the same ids, classes and
ARIA attributes, so styles, scripts and tests see no difference) in Python: crispy's
nested templates were over a third of the registration form's rendering. Crispy stays for
the other forms. Widgets other than radio buttons are still rendered by Django itself.
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The classes crispy's bootstrap5 pack gives each widget kind.
_WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.Select, "select form-select"),
    (forms.Textarea, "textarea form-control"),
    (forms.EmailInput, "emailinput form-control"),
    (forms.NumberInput, "numberinput form-control"),
    (forms.FileInput, "form-control"),
    (forms.TextInput, "textinput form-control"),
]


def _widget_class(widget: forms.Widget) -> str:
    return next((css for kind, css in _WIDGET_CLASSES if isinstance(widget, kind)), "form-control")


def _label_text(bound: BoundField) -> SafeString:
    if bound.field.required:
        return format_html('{}<span class="asteriskField">*</span>', bound.label)
    return conditional_escape(bound.label)


def _label_class(bound: BoundField, base: str) -> str:
    return f"{base} requiredField" if bound.field.required else base


def _help(bound: BoundField) -> SafeString:
    if not bound.help_text:
        return mark_safe("")
    return format_html('<div id="{}_helptext" class="form-text">{}</div>', bound.auto_id,
                       bound.help_text)


def _errors(bound: BoundField, tag: str = "span", css: str = "invalid-feedback") -> SafeString:
    if not bound.errors:
        return mark_safe("")
    items = format_html_join("", '<{0} id="error_{1}_{2}"><strong>{3}</strong></{0}>',
                             ((tag, number, bound.auto_id, error)
                              for number, error in enumerate(bound.errors, start=1)))
    return format_html('<div id="{}_error" class="{}">{}</div>', bound.auto_id, css, items)


def _described_by(bound: BoundField) -> str:
    ids = [f"{bound.auto_id}_helptext"] if bound.help_text else []
    if bound.errors:
        ids.append(f"{bound.auto_id}_error")
    return " ".join(ids)


def _radios(bound: BoundField) -> SafeString:
    invalid = " is-invalid" if bound.errors else ""
    required = " required" if bound.field.required else ""
    aria = ' aria-invalid="true"' if bound.errors else ""
    options = []
    for option in bound.subwidgets:
        data = option.data
        checked = " checked" if data["selected"] else ""
        options.append(format_html(
            '<div class="form-check"><input type="radio" class="form-check-input{}" name="{}" '
            'value="{}" id="{}"{}{}{}><label for="{}" class="form-check-label">{}</label></div>',
            invalid, data["name"], data["value"], option.id_for_label, mark_safe(required),
            mark_safe(checked), mark_safe(aria), option.id_for_label, data["label"]))
    described_by = _described_by(bound)
    fieldset_attrs = format_html(' aria-describedby="{}"', described_by) if described_by else ""
    return format_html(
        '<div id="div_id_{}" class="mb-3"><fieldset{}><legend class="{} fs-6">{}</legend>'
        '<div>{}</div>{}{}</fieldset></div>',
        bound.html_name, fieldset_attrs, _label_class(bound, "form-label"), _label_text(bound),
        mark_safe("".join(options)),
        # Bootstrap shows feedback only after an .is-invalid sibling; here it follows the group.
        _errors(bound, "p", "invalid-feedback d-block"), _help(bound))


def _single(bound: BoundField) -> SafeString:
    widget = bound.field.widget
    classes = " ".join(filter(None, [widget.attrs.get("class"), _widget_class(widget),
                                     "is-invalid" if bound.errors else ""])).split()
    css = " ".join(dict.fromkeys(classes))  # a widget may already carry some of them
    attrs = {"class": css}
    described_by = _described_by(bound)
    if described_by:
        attrs["aria-describedby"] = described_by
    if bound.errors:
        attrs["aria-invalid"] = "true"
    return format_html(
        '<div id="div_id_{}" class="mb-3"><label for="{}" class="{}">{}</label>{}{}{}</div>',
        bound.html_name, bound.id_for_label, _label_class(bound, "form-label"),
        _label_text(bound), bound.as_widget(attrs=attrs), _errors(bound), _help(bound))


@register.filter
def bs5_field(bound: BoundField) -> SafeString:
    if isinstance(bound.field.widget, forms.RadioSelect):
        return _radios(bound)
    return _single(bound)
