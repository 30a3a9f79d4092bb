"""Portal pages: grant a support login on a case (choose → confirm), list the customer's
grants, revoke one (confirm → revoke). Every page works without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views import View

from cases.models import Case
from cases.selectors import case_get_for_user
from kundcenter.client_ip import client_ip
from sla.calendar import OpeningTable
from sla.presentation import office_clock, office_datetime_long
from sla.services import calendar_table_get, calendar_tables_get

from . import selectors, services
from .forms import ALL_CHOICES, GrantChoiceForm
from .models import GrantStatus, Preset, SupportLoginGrant
from .presentation import time_left_label, until_label

STEP_PREVIEW = "preview"
STEP_CONFIRM = "confirm"


def render_refused(request: HttpRequest, explanation: str | Promise) -> HttpResponse:
    return render(request, "support_logins/refused.html", {"explanation": explanation},
                  status=403)


class _RefusalMixin(LoginRequiredMixin):
    """Logged-in people the selector refuses get a page that says why (403)."""

    refusal: Callable[..., str | Promise | None]

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        explanation = self.refusal(user=request.user)
        if explanation is not None:
            return render_refused(request, explanation)
        return super().dispatch(request, *args, **kwargs)


class GrantAllowedMixin(_RefusalMixin):
    refusal = staticmethod(selectors.grant_refusal_for)


class RevokeAllowedMixin(_RefusalMixin):
    refusal = staticmethod(selectors.revoke_refusal_for)


def _client_ip(request: HttpRequest) -> str | None:
    return client_ip(request)


class GrantCreateView(GrantAllowedMixin, View):
    """Step 1 (GET, or POST step=edit): choose the duration. Step 2 (POST step=preview): the
    confirmation page with the exact expiry. Step 3 (POST step=confirm): grant."""

    def _page(self, request: HttpRequest, case: Case, form: GrantChoiceForm,
              status: int = 200) -> HttpResponse:
        offered = [value for value, _label in form.fields["preset"].widget.choices]
        return render(request, "support_logins/grant_form.html", {
            "case": case, "form": form, "offers_72h": Preset.HOURS_72.value in offered,
        }, status=status)

    def _confirmation(self, request: HttpRequest, case: Case, form: GrantChoiceForm,
                      terms: selectors.GrantTerms, status: int = 200) -> HttpResponse:
        table = calendar_table_get(case.office)
        return render(request, "support_logins/grant_confirm.html", {
            "case": case, "form": form, "terms": terms,
            "choice_label": dict(ALL_CHOICES)[form.cleaned_data["preset"]],
            "until": until_label(table, terms.expires_at),
            "until_long": office_datetime_long(table, terms.expires_at),
            "expires_at_iso": terms.expires_at.isoformat(),
        }, status=status)

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        case = case_get_for_user(user=request.user, number=number)
        offered = selectors.grant_choices_for_case(case=case, now=timezone.now())
        return self._page(request, case, GrantChoiceForm(offered=offered))

    def post(self, request: HttpRequest, number: str) -> HttpResponse:
        case = case_get_for_user(user=request.user, number=number)
        now = timezone.now()
        form = GrantChoiceForm(request.POST,
                               offered=selectors.grant_choices_for_case(case=case, now=now))
        step = request.POST.get("step")
        if not form.is_valid() or step not in (STEP_PREVIEW, STEP_CONFIRM):
            return self._page(request, case, form)
        data = form.cleaned_data
        # A confirmation without the expiry it confirms (a crafted or stale post) first gets
        # the confirmation page: nothing is granted that the SuperUser has not seen.
        if step == STEP_PREVIEW or data["shown_expires_at"] is None:
            try:
                terms = selectors.grant_terms(case=case, choice=data["preset"], now=now)
            except ValidationError as error:
                form.add_error(None, error)
                return self._page(request, case, form, status=400)
            return self._confirmation(request, case, form, terms)
        try:
            grant = services.support_login_grant(
                case=case, by=request.user, preset=data["preset"], reason=data["reason"],
                shown_expires_at=data["shown_expires_at"], now=now, ip_address=_client_ip(request))
        except ValidationError as error:
            form.add_error(None, error)
            if error.code == "expiry_changed":
                # Show the new expiry for a fresh confirmation instead of the first step.
                terms = selectors.grant_terms(case=case, choice=data["preset"], now=now)
                return self._confirmation(request, case, form, terms, status=409)
            return self._page(request, case, form, status=400)
        except PermissionDenied as error:
            return render_refused(request, str(error))
        table = calendar_table_get(case.office)
        messages.success(request, _("Support login granted for case %(number)s %(until)s.")
                         % {"number": case.number, "until": until_label(table, grant.expires_at)})
        return redirect("support_logins:grant_list")


@dataclass(frozen=True)
class GrantRow:
    grant: SupportLoginGrant
    status: GrantStatus
    until: str
    until_long: str
    granted: str
    ended: str
    time_left: str
    uses: list[tuple[str, str]]


def _row(grant: SupportLoginGrant, table: OpeningTable, now: datetime) -> GrantRow:
    status = grant.status_at(now)
    return GrantRow(
        grant=grant, status=status,
        until=until_label(table, grant.expires_at),
        until_long=office_datetime_long(table, grant.expires_at),
        granted=office_datetime_long(table, grant.granted_at),
        ended=office_datetime_long(table, grant.ends_at) if status != GrantStatus.ACTIVE else "",
        time_left=time_left_label(grant.expires_at - now) if status == GrantStatus.ACTIVE else "",
        uses=[(use.specialist.get_full_name() or use.specialist.email if use.specialist else "–",
               office_clock(table, use.at)) for use in grant.uses.all()],
    )


class GrantListView(LoginRequiredMixin, View):
    """The customer's active and past grants; any member may read, SuperUsers revoke."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.customer_id is None:
            return render_refused(request, selectors.NOT_A_SUPERUSER)
        now = timezone.now()
        tables = calendar_tables_get()
        rows = [_row(grant, tables[grant.case.office], now)
                for grant in selectors.grant_list_for_user(user=request.user)[:200]]
        return render(request, "support_logins/grant_list.html", {
            "active": [row for row in rows if row.status == GrantStatus.ACTIVE],
            "past": [row for row in rows if row.status != GrantStatus.ACTIVE],
            "may_revoke": selectors.revoke_refusal_for(user=request.user) is None,
        })


class GrantRevokeView(RevokeAllowedMixin, View):
    """GET: "Revoke this support login now?"; POST: revoke, then back to the list."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        grant = selectors.grant_get_for_user(user=request.user, pk=pk)
        now = timezone.now()
        return render(request, "support_logins/grant_revoke_confirm.html",
                      {"row": _row(grant, calendar_table_get(grant.case.office), now),
                       "grant": grant})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        grant = selectors.grant_get_for_user(user=request.user, pk=pk)
        try:
            services.support_login_revoke(grant=grant, by=request.user, now=timezone.now(),
                                          ip_address=_client_ip(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            return render_refused(request, str(error))
        else:
            messages.success(request, _("The support login for case %(number)s was revoked. "
                                        "It gives no access from now on.")
                             % {"number": grant.case.number})
        return redirect(reverse("support_logins:grant_list"))
