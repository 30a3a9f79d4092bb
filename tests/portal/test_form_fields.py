"""The registration and case pages' fields, written by ``bs5_field`` instead of crispy: what a
person sees and what assistive technology reads must be the same."""

from __future__ import annotations

import re

from django import forms
from django.template import engines
from django.utils import translation

RENDER = engines["django"].from_string("{% load form_fields %}{{ field|bs5_field }}")
CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")


class SampleForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("a", "Alpha <b>"), ("b", "Beta")],
                             widget=forms.RadioSelect, help_text="Pick one.")
    title = forms.CharField(label="Title & name", max_length=20)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="Anything else.")
    colour = forms.ChoiceField(label="Colour", choices=[("", "---"), ("r", "Red")])


def render(template, form, name: str) -> str:
    return template.render({"field": form[name]})


def attributes_of(html: str, tag: str) -> list[set[str]]:
    """Each <tag …>'s attributes as a set of name="value" strings (order does not matter)."""
    return [set(re.findall(r'[\w-]+(?:="[^"]*")?', body)) - {tag}
            for body in re.findall(rf"<{tag}\b([^>]*)>", html)]


def test_the_inputs_carry_the_same_attributes_as_crispys():
    for data in (None, {"kind": "b", "title": "x" * 30, "colour": "r"}):
        form = SampleForm(data)
        if data:
            form.is_valid()
        for name in ("kind", "title", "notes", "colour"):
            for tag in ("input", "textarea", "select", "label", "legend"):
                assert attributes_of(render(RENDER, form, name), tag) == \
                    attributes_of(render(CRISPY, form, name), tag), (name, tag, data)


def test_errors_are_shown_and_named_by_the_field():
    with translation.override("en"):
        form = SampleForm({"title": ""})
        form.is_valid()
        title = render(RENDER, form, "title")
    assert 'id="id_title_error"' in title and 'aria-invalid="true"' in title
    assert "is-invalid" in title and "This field is required." in title
    kind = render(RENDER, form, "kind")
    # A group's message follows the group, not an input: it must be shown explicitly.
    assert 'class="invalid-feedback d-block"' in kind
    assert 'aria-describedby="id_kind_helptext id_kind_error"' in kind


def test_the_choice_made_is_kept_and_labels_are_escaped():
    form = SampleForm({"kind": "a"})
    form.is_valid()
    kind = render(RENDER, form, "kind")
    assert re.search(r'value="a" id="id_kind_0"[^>]* checked', kind)
    assert 'value="b" id="id_kind_1" required>' in kind
    assert "Alpha &lt;b&gt;" in kind and "<b>" not in kind
    assert "Title &amp; name" in render(RENDER, form, "title")
