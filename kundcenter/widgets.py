"""Form widgets that render without the template engine where it costs the most."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


class PlainSelect(forms.Select):
    """A ``<select>`` written out in Python, same markup as Django's template.

    Django renders a select through a template that includes one template per option (and
    one more for each option's attributes): the filter form of the case list, with its
    grouped states and modules, cost more than the 25 rows of the list itself.
    """

    def render(self, name: str, value: Any, attrs: dict | None = None,
               renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{flatatt(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{escape(group_name)}">')
            parts.extend(
                f'<option value="{escape(option["value"])}"{flatatt(option["attrs"])}>'
                f'{escape(option["label"])}</option>'
                for option in options)
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))
