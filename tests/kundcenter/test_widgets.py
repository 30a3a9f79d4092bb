"""PlainSelect must be indistinguishable from Django's Select to a browser."""

import pytest
from django import forms
from django.test.html import parse_html

from kundcenter.widgets import (
    PlainCheckboxInput,
    PlainFileInput,
    PlainHiddenInput,
    PlainSelect,
    PlainTextarea,
    PlainTextInput,
)

CHOICES = [
    ("", "All states"),
    ("Order", [("order:received", "Received"), ("order:work", 'Work & "more" <b>')]),
    ("bug", "Software bug"),
    (3, "Three"),
]


@pytest.mark.parametrize("value", [None, "", "order:work", "bug", 3, "3", "not-a-choice"])
def test_plain_select_renders_what_djangos_select_renders(value):
    attrs = {"class": "form-select", "id": "id_state", "aria-describedby": "x<y"}
    ours = PlainSelect(choices=CHOICES).render("state", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("state", value, attrs=attrs)
    assert parse_html(ours) == parse_html(django)


def test_plain_select_escapes_labels_and_values():
    html = PlainSelect(choices=[('"><script>', "<script>alert(1)</script>")]).render("q", None)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_plain_select_marks_every_selected_value_of_a_multiple_select():
    widget = PlainSelect(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    widget.allow_multiple_selected = True
    html = widget.render("letters", ["a", "c"], attrs={"multiple": True})
    assert parse_html(html) == parse_html(forms.SelectMultiple(
        choices=[("a", "A"), ("b", "B"), ("c", "C")]).render("letters", ["a", "c"]))



@pytest.mark.parametrize("value", [None, "", "2024-000123", 'a "quoted" <b>', 7])
def test_plain_text_input_renders_what_djangos_text_input_renders(value):
    attrs = {"class": "form-control", "id": "id_q", "required": True, "disabled": False}
    ours = PlainTextInput().render("q", value, attrs=attrs)
    django = forms.TextInput().render("q", value, attrs=attrs)
    assert ours == django


@pytest.mark.parametrize("value", [None, False, True, "", "on"])
def test_plain_checkbox_renders_what_djangos_checkbox_renders(value):
    attrs = {"class": "form-check-input", "id": "id_mine"}
    ours = PlainCheckboxInput().render("mine", value, attrs=attrs)
    django = forms.CheckboxInput().render("mine", value, attrs=attrs)
    assert ours == django
    assert ("checked" in ours) == (value in (True, "on"))


def test_plain_select_marks_only_the_first_match_of_a_single_select():
    choices = [("a", "A"), ("Group", [("a", "A again")])]
    assert parse_html(PlainSelect(choices=choices).render("x", "a")) == parse_html(
        forms.Select(choices=choices).render("x", "a"))


@pytest.mark.parametrize("value", [None, "", "/cases/?q=a&page=2", '"><script>'])
def test_plain_hidden_input_renders_what_djangos_hidden_input_renders(value):
    ours = PlainHiddenInput().render("page", value, attrs={"id": "id_page"})
    assert ours == forms.HiddenInput().render("page", value, attrs={"id": "id_page"})


@pytest.mark.parametrize("value", [None, "", "Line one\nline <two> & \"three\"", "\nstarts with a newline"])
def test_plain_textarea_renders_what_djangos_textarea_renders(value):
    attrs = {"class": "textarea form-control", "id": "id_body", "required": True,
             "aria-describedby": "id_body_helptext"}
    ours = PlainTextarea(attrs={"rows": 4}).render("body", value, attrs=attrs)
    django = forms.Textarea(attrs={"rows": 4}).render("body", value, attrs=attrs)
    assert ours == django


class _StoredFile:
    """What a model's FileField gives a widget as its current value."""

    url = "/files/report.pdf"

    def __str__(self) -> str:
        return "report.pdf"


@pytest.mark.parametrize("multiple", [False, True])
@pytest.mark.parametrize("value", [None, "", _StoredFile()])
def test_plain_file_input_renders_what_djangos_clearable_file_input_renders(value, multiple):
    attrs = {"class": "form-control", "id": "id_attachments", "accept": ".pdf,.png",
             "data-message-type": '"%(name)s" <is> refused'}
    ours, django = PlainFileInput(), forms.ClearableFileInput()
    ours.allow_multiple_selected = django.allow_multiple_selected = multiple
    assert ours.render("attachments", value, attrs=attrs) == django.render(
        "attachments", value, attrs=attrs)


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [None, "first", "second"])
def test_plain_select_of_model_choices_renders_what_djangos_select_renders(chosen):
    from customers.models import Module
    from tests.factories import ModuleFactory

    modules = {"first": ModuleFactory(name="Lön & <Payroll>"), "second": ModuleFactory(name="Order")}
    value = modules[chosen].pk if chosen else None
    attrs = {"class": "select form-select", "id": "id_module", "required": True}

    def rendered(widget):
        field = forms.ModelChoiceField(queryset=Module.objects.order_by("name"), widget=widget)
        return field.widget.render("module", value, attrs=attrs)

    assert parse_html(rendered(PlainSelect)) == parse_html(rendered(forms.Select))
