from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import SERVICE_LEVEL_CHOICES
from customers.models import Customer, Module, OfficeCountry
from customers.teams import SupportTeam
from sla.services import office_time_zone

from .selectors import ReportFilter


class ReportFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))
    office = forms.ChoiceField(label=_("Office"), required=False,
                               choices=[("", _("All offices")), *OfficeCountry.choices])
    team = forms.ChoiceField(label=_("Team"), required=False,
                             choices=[("", _("All teams")), *SupportTeam.choices])
    level = forms.TypedChoiceField(label=_("Level"), required=False, coerce=int,
                                   empty_value=None,
                                   choices=[("", _("All levels")), *SERVICE_LEVEL_CHOICES])
    module = forms.ModelChoiceField(label=_("Module"), required=False,
                                    queryset=Module.objects.order_by("name"),
                                    empty_label=_("All modules"))
    by = forms.ChoiceField(label=_("Trend by"), required=False,
                           choices=[("month", _("Month")), ("week", _("Week"))])
    customer = forms.ModelChoiceField(label=_("Customer"), required=False,
                                      queryset=Customer.objects.order_by("name"),
                                      empty_label=_("All customers"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = ("form-control" if name in ("start", "end")
                                           else "form-select")

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period is before its start."))
        return cleaned

    def report_filter(self) -> ReportFilter:
        """The period in the office's time zone (Sweden's for all offices): whole days."""
        data = self.cleaned_data
        zone = office_time_zone(data["office"] or OfficeCountry.SWEDEN)
        return ReportFilter(
            start=datetime.combine(data["start"], time.min, tzinfo=zone),
            end=datetime.combine(data["end"] + timedelta(days=1), time.min, tzinfo=zone),
            office=data["office"], team=data["team"], level=data["level"],
            module_id=data["module"].pk if data["module"] else None,
            customer_id=data["customer"].pk if data["customer"] else None)


def default_period(today: date) -> dict[str, str]:
    """This year so far."""
    return {"start": date(today.year, 1, 1).isoformat(), "end": today.isoformat()}
