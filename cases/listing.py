"""The rows of the SuperUser's case list, rendered in Python.

The list is the portal's busiest page, and it shows each row twice (a table on desktops,
cards on phones). Django's template engine pays a context lookup, a filter call and an
escape per cell, so the 25 rows cost more than the rest of the page together. Here each
row's values are worked out once (labels looked up once per page, one URL reverse per
page) and written out escaped; ``templates/cases/case_list.html`` keeps the page around
them. Every value from the database goes through ``html.escape`` — what Django's ``escape``
does, without its check for lazy arguments, which cost more than the escaping on 150 plain
strings a page. (gettext() stays outside f-strings: xgettext does not look inside them.)
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from customers.models import module_name_in
from portal.formatting import format_moment

from .forms import CaseFilterForm
from .models import case_detail_address
from .selectors import CaseListFilters
from .sla import SlaState, sla_state
from .workflows import Category, state_display_name

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.forms import Form
    from django.http import QueryDict

    from .models import Case

SLA_BADGE_CSS = {
    SlaState.BREACHED: "text-bg-danger",
    SlaState.AT_RISK: "text-bg-warning",
    SlaState.MET: "text-bg-success",
    SlaState.ON_TRACK: "text-bg-info",
}


def sla_badge_html(sla: SlaState | str | None) -> SafeString:
    """The coloured badge of a case's start promise; empty when the case has none."""
    if not sla:
        return mark_safe("")
    sla = SlaState(sla)
    return mark_safe(f'<span class="badge {SLA_BADGE_CSS[sla]}" data-sla="{sla.value}">'
                     f"{escape(sla.label)}</span>")


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One case as the list shows it; every field already escaped HTML."""

    url: str
    number: str
    subject: str
    module: str
    state: str
    level: str
    sla_badge: str
    reported_by: str
    registered: str


@dataclass(frozen=True, slots=True)
class CaseGroup:
    label: str
    rows: list[CaseRow]


# What a row shows, read as plain values: as models, the page's 25 cases with their module and
# reporter were 75 instances built to be read once (a fifth of building the rows).
_ROW_FIELDS = ("number", "subject", "category", "state", "service_level", "registered_at",
               "start_deadline", "start_at_risk_from", "work_started_at",
               "module__name", "module__name_sv", "module__name_fi", "module__name_en",
               "reporter__first_name", "reporter__last_name", "reporter__email")


def case_groups(cases: QuerySet[Case], *, now: datetime, language: str,
                zone: tzinfo) -> list[CaseGroup]:
    """The page's cases as rows, grouped by category in the order given (the list is
    sorted by category)."""
    state_names: dict[tuple[str, str], str] = {}
    badges: dict[SlaState | None, str] = {}
    groups: list[CaseGroup] = []
    text = html.escape
    url_before, url_after = map(text, case_detail_address())
    for (number, subject, category, state, level, registered_at, deadline, at_risk_from,
         started_at, module_name, name_sv, name_fi, name_en, first_name, last_name,
         email) in cases.values_list(*_ROW_FIELDS):
        key = (category, state)
        if key not in state_names:
            state_names[key] = text(str(state_display_name(*key)))
        sla = sla_state(now=now, start_deadline=deadline, start_at_risk_from=at_risk_from,
                        work_started_at=started_at)
        if sla not in badges:
            badges[sla] = sla_badge_html(sla)
        if not groups or groups[-1].label != category:
            groups.append(CaseGroup(category, []))
        module = module_name_in(language, name=module_name, sv=name_sv, fi=name_fi, en=name_en)
        reporter = f"{first_name} {last_name}".strip() or email  # as User.get_full_name
        number = text(number)
        groups[-1].rows.append(CaseRow(
            url=f"{url_before}{number}{url_after}",
            number=number,
            subject=text(subject),
            module=text(module),
            state=state_names[key],
            level=str(level or ""),
            sla_badge=badges[sla],
            reported_by=text(reporter),
            registered=text(format_moment(registered_at, language, zone, with_year=True)),
        ))
    return [CaseGroup(text(str(Category(group.label).label)), group.rows) for group in groups]


# The filter form's columns on medium screens and up; the other fields take two.
_FILTER_WIDTHS = {"q": 3, "mine": 1}


@dataclass(frozen=True, slots=True)
class ListFilters:
    """What the filter form shows and what it asks the list for."""

    fields_html: SafeString
    filters: CaseListFilters


def case_list_filters(data: QueryDict | None, *, modules: list[tuple[int, str]]) -> ListFilters:
    """The filter form's fields — each with its label in a grid column, the checkbox's label
    after it — and the filters it asks for (none when unbound or invalid).

    Both are a function of the language, the module choices and what was asked for (the
    errors follow from those), and most views of the list ask for nothing or the same few
    things: each combination is built, validated and written once per process, not on
    every page."""
    asked = (tuple((name, data.get(name)) for name in CaseFilterForm.base_fields)
             if data is not None else None)
    return _remembered_filters(get_language(), tuple(modules), asked)


@lru_cache(maxsize=512)
def _remembered_filters(language: str, modules: tuple[tuple[int, str], ...],
                        asked: tuple[tuple[str, str | None], ...] | None) -> ListFilters:
    # ``language`` is the active one (a key only); the form reads each field's last value,
    # which is what ``asked`` holds.
    data = None if asked is None else {name: value for name, value in asked if value is not None}
    return _list_filters(CaseFilterForm(data, modules=list(modules)))


def _list_filters(form: CaseFilterForm) -> ListFilters:
    filters = CaseListFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = CaseListFilters(
            category=data["category"], state=data["state"],
            state_category=data["state_category"], module_id=data["module"],
            mine=data["mine"], status=data["status"], query=data["q"])
    return ListFilters(mark_safe(_filter_fields_html(form)), filters)


def _filter_fields_html(form: Form) -> str:
    parts = []
    for field in form:
        label = conditional_escape(field.label)
        target = escape(field.id_for_label)
        if field.name == "mine":
            inner = (f'<div class="form-check">{field.as_widget()} '
                     f'<label class="form-check-label" for="{target}">{label}</label></div>')
        else:
            inner = (f'<label class="form-label small" for="{target}">{label}</label>\n'
                     f"{field.as_widget()}")
        parts.append(f'<div class="col-12 col-sm-6 col-md-{_FILTER_WIDTHS.get(field.name, 2)}">'
                     f"{inner}</div>\n")
    return "".join(parts)


def case_table_html(groups: list[CaseGroup]) -> SafeString:
    """The table's bodies: one per category, headed by its name."""
    if not groups:
        nothing = escape(gettext("No cases match."))
        return mark_safe(f'<tbody><tr><td colspan="7">{nothing}</td></tr></tbody>')
    parts = []
    for group in groups:
        parts.append(f'<tbody>\n<tr class="table-light"><th colspan="7">{group.label}</th></tr>\n')
        parts.extend(
            f'<tr><td class="text-nowrap"><a href="{row.url}">{row.number}</a></td>'
            f"<td>{row.subject}</td><td>{row.module}</td><td>{row.state}</td>"
            f"<td>{row.level} {row.sla_badge}</td><td>{row.reported_by}</td>"
            f"<td>{row.registered}</td></tr>\n"
            for row in group.rows)
        parts.append("</tbody>\n")
    return mark_safe("".join(parts))


def case_cards_html(groups: list[CaseGroup]) -> SafeString:
    """The same rows as cards, for screens too narrow for seven columns."""
    if not groups:
        nothing = escape(gettext("No cases match."))
        return mark_safe(f"<p>{nothing}</p>")
    level = escape(gettext("Level"))
    parts = []
    for group in groups:
        parts.append(f'<h2 class="h6 mt-3 mb-2 text-uppercase text-muted">{group.label}</h2>\n'
                     '<ul class="list-unstyled case-cards">\n')
        parts.extend(
            '<li class="card mb-2 case-card"><div class="card-body p-3">'
            '<div class="d-flex justify-content-between flex-wrap gap-1">'
            f'<a class="fw-semibold" href="{row.url}">{row.number}</a>'
            f'<span class="badge text-bg-light border">{row.state}</span></div>'
            f'<div class="case-card-subject">{row.subject}</div>'
            f'<div class="small text-muted">{row.module} · {row.registered}</div>'
            f'<div class="small text-muted">{row.reported_by}'
            + (f" · {level} {row.level} {row.sla_badge}" if row.level else "")
            + "</div></div></li>\n"
            for row in group.rows)
        parts.append("</ul>\n")
    return mark_safe("".join(parts))
