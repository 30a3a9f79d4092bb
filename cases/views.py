from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from audit.services import audit_record
from customers.models import module_name_in
from kundcenter import ratelimits
from kundcenter.client_ip import client_ip
from kundcenter.csv_safety import csv_response
from kundcenter.pagination import DeferredJoinPaginator
from kundcenter.refusals import refusal_text
from portal.reader_facts import reader_facts
from superusers.access import CaseRegistrationAllowedMixin, CustomerMemberRequiredMixin
from trainings.selectors import missing_trainings

from . import case_page, listing, selectors, services
from .downloads import attachment_download_response, attachment_thumbnail_response
from .forms import (
    CaseRegistrationForm,
    EstimateAcceptForm,
    RatingForm,
    ReplyForm,
    registration_prefill,
)
from .models import Case, CostEstimate
from .promises import deadline_explanation, promised_start_label
from .sla import case_sla_state
from .workflows import State, reopen_target, step_name

FORM_OPENED_KEY = "case_form_opened_at"


class CaseCreateView(CaseRegistrationAllowedMixin, ratelimits.RateLimitedFormMixin, FormView):
    template_name = "cases/case_form.html"
    form_class = CaseRegistrationForm
    rate_limit = ratelimits.CASE_REGISTRATION
    rate_limit_notes = (ratelimits.FILES_AGAIN,)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Remembered so that FAQ answers opened from here and then left count as deflected.
        request.session[FORM_OPENED_KEY] = timezone.now().isoformat()
        return super().get(request, *args, **kwargs)

    def _form_opened_at(self) -> datetime | None:
        value = self.request.session.pop(FORM_OPENED_KEY, None)
        try:
            return datetime.fromisoformat(value) if value else None
        except ValueError:
            return None

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "user": self.request.user,
                "office": self.request.user.customer.office_country, "now": timezone.now()}

    def get_initial(self) -> dict:
        # A link may prefill the form (an order from the service catalogue).
        return {**super().get_initial(), **registration_prefill(self.request.GET)}

    def get_context_data(self, **kwargs) -> dict:
        # "You are not trained on X": each licensed module left out, with its next session.
        missing = missing_trainings(user=self.request.user, language=translation.get_language(),
                                    now=timezone.now())
        return {**super().get_context_data(**kwargs), "missing_trainings": missing}

    def register_kwargs(self) -> dict:
        """What a subclass adds to the registration (a follow-up names its original)."""
        return {}

    def form_valid(self, form: CaseRegistrationForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            case = services.case_register(
                reporter=self.request.user, module=data["module"], category=data["category"],
                subject=data["subject"], description=data["description"],
                service_level=data["service_level"], attachments=data["attachments"],
                form_opened_at=self._form_opened_at(), now=timezone.now(),
                **self.register_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you! Your case has number %(number)s.")
                         % {"number": case.number})
        return redirect(case)


class CaseFollowUpCreateView(CaseCreateView):
    """"Register a follow-up case" of a resolved case whose reopening window has passed:
    the register form, prefilled from the original and linked to it."""

    template_name = "cases/case_follow_up_form.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            self.original = selectors.case_get_for_user(user=request.user,
                                                        number=kwargs["number"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        after = selectors.case_after_delivery_for_user(user=request.user, case=self.original,
                                                       now=timezone.now())
        if after is None or after.window_open:
            # Still open, or a reply still reopens it: the case page says what to do.
            return redirect(self.original)
        return super().get(request, *args, **kwargs)

    def get_initial(self) -> dict:
        original = self.original
        subject = _("Follow-up: %(subject)s") % {"subject": original.subject}
        return {"module": original.module_id, "category": original.category,
                "service_level": original.service_level,
                "subject": Truncator(subject).chars(200)}

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "follow_up_of": self.original}

    def register_kwargs(self) -> dict:
        return {"follow_up_of": self.original}


class PromiseView(CaseRegistrationAllowedMixin, View):
    """htmx fragment: the start promise for the level being chosen."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            level = int(request.GET.get("service_level", ""))
        except ValueError:
            return HttpResponse("")
        if level not in range(1, 6) or request.GET.get("category") != "bug":
            return HttpResponse("")
        label = promised_start_label(office=request.user.customer.office_country, level=level,
                                     now=timezone.now())
        return render(request, "cases/includes/promise.html", {"promise": label})


def _filtered_cases(request: HttpRequest) -> tuple[listing.ListFilters, QuerySet[Case]]:
    """The list page and its export read the same filters the same way."""
    language = translation.get_language() or ""
    facts = reader_facts(request)  # a customer's person: CustomerMemberRequiredMixin
    modules = [(pk, module_name_in(language, name=name, sv=sv, fi=fi, en=en))
               for pk, name, sv, fi, en in facts.trained_modules]
    asked = listing.case_list_filters(request.GET or None, modules=modules)
    return asked, selectors.case_list_for_user(user=request.user, filters=asked.filters)


class SlaSummaryView(CustomerMemberRequiredMixin, View):
    """How the start promise was kept on the company's own software bugs, by month and
    level, over the last twelve months."""

    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        rows = selectors.customer_sla_summary(user=request.user, now=now,
                                              since=now - timedelta(days=365))
        return render(request, "cases/sla_summary.html", {"rows": rows})


def _reader_language() -> str:
    """The active language's code without a region ("sv"), as the formatting wants it."""
    return (translation.get_language() or "sv").split("-")[0]


class CaseListView(CustomerMemberRequiredMixin, View):
    paginate_by = 25

    def get(self, request: HttpRequest) -> HttpResponse:
        asked, cases = _filtered_cases(request)
        page = DeferredJoinPaginator(cases, self.paginate_by).get_page(request.GET.get("page"))
        groups = listing.case_groups(
            page.object_list, now=timezone.now(),
            language=_reader_language(),
            zone=timezone.get_current_timezone())
        query = request.GET.copy()
        query.pop("page", None)
        return render(request, "cases/case_list.html", {
            "page": page, "query": query.urlencode(),
            "case_filter_fields": asked.fields_html,
            "case_table_rows": listing.case_table_html(groups),
            "case_cards": listing.case_cards_html(groups)})


class CaseExportView(CustomerMemberRequiredMixin, View):
    """The filtered list as CSV (opens in Excel: semicolons, UTF-8 with BOM)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _asked, cases = _filtered_cases(request)
        header = [_("Number"), _("Category"), _("Subject"), _("Module"), _("State"), _("Level"),
                  _("Reported by"), _("Registered")]
        rows = ([case.number, case.get_category_display(), case.subject,
                 case.module.display_name, step_name(case.category, case.state),
                 case.service_level or "", case.reporter.get_full_name(),
                 timezone.localtime(case.registered_at).strftime("%Y-%m-%d %H:%M")]
                for case in cases.iterator(chunk_size=2000))
        response = csv_response("cases.csv", header, rows)
        audit_record(actor=request.user, action="case.export", customer_id=request.user.customer_id,
                     ip_address=client_ip(request))
        return response


def _render_case_detail(request: HttpRequest, case: Case, *, reply_form: ReplyForm | None = None,
                        rating_form: RatingForm | None = None, status: int = 200) -> HttpResponse:
    """The case page; also re-rendered with the errors of a refused reply or rating."""
    now = timezone.now()
    shown = selectors.case_detail_for_customer(case=case)
    moments = {"language": _reader_language(),
               "zone": timezone.get_current_timezone()}
    write_refusal = services.case_write_refusal_for(user=request.user, case=case)
    after = selectors.case_after_delivery_for_user(user=request.user, case=case, now=now)
    rating = after.rating if after else None
    context = {
        "case": case,
        "reply_form": reply_form or ReplyForm(),
        "write_refusal": write_refusal,
        # Customers may only close (cases.workflows); closing asks to confirm on its own page.
        "may_close": not write_refusal and State.CLOSED in services.case_allowed_targets(
            case=case, user=request.user),
        "after_delivery": after,
        "sla": case_sla_state(case, now=now),
        **shown,
        "case_attachments_html": case_page.attachments_html(shown["case_attachments"]),
        "conversation_html": case_page.conversation_html(shown["public_messages"], **moments),
        "history_html": case_page.history_html(shown["events"], category=case.category,
                                               **moments),
        "progress_html": case_page.progress_html(shown["progress"]),
    }
    if after is not None:  # the rating is offered after delivery only
        context["rating_form"] = rating_form or RatingForm(initial={
            "solved": "yes" if rating.solved else "no", "score": rating.score,
            "comment": rating.comment} if rating else None)
    if after is not None and after.window_open:
        context["reopen_to_name"] = step_name(case.category, reopen_target(
            case.category, resolved_from=selectors.case_resolved_from(case=case)))
    if case.start_deadline:
        context["sla_explanation"] = deadline_explanation(
            office=case.office, start=case.registered_at, end=case.start_deadline)
    return render(request, "cases/case_detail.html", context, status=status)


class CaseDetailView(CustomerMemberRequiredMixin, View):
    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        case = selectors.case_page_get_for_user(user=request.user, number=number)
        if case.reporter_id != request.user.pk:
            # A colleague reading someone's case reads their personal data: logged.
            audit_record(actor=request.user, action="case.view", subject=case,
                         customer_id=case.customer_id, ip_address=client_ip(request))
        return _render_case_detail(request, case)


class CaseReplyView(CustomerMemberRequiredMixin, View):
    def post(self, request: HttpRequest, number: str) -> HttpResponse:
        case = selectors.case_get_for_user(user=request.user, number=number)
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.case_message_add(case=case, by=request.user,
                                          body=form.cleaned_data["body"],
                                          attachments=form.cleaned_data["attachments"],
                                          now=timezone.now())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your reply was sent."))
                return redirect(case)
        return _render_case_detail(request, case, reply_form=form, status=400)


class CaseCloseConfirmView(CustomerMemberRequiredMixin, View):
    """The step before a customer closes a case: what closing means, then the POST to
    ``case_transition``. Without JavaScript, and away from the reply button."""

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        case = selectors.case_get_for_user(user=request.user, number=number)
        refusal = services.case_write_refusal_for(user=request.user, case=case)
        if refusal or State.CLOSED not in services.case_allowed_targets(case=case,
                                                                         user=request.user):
            messages.info(request, refusal or _("This case cannot be closed now."))
            return redirect(case)
        return render(request, "cases/case_close_confirm.html", {
            "case": case, "window_days": selectors.case_reopen_window().days})


class CaseRatingView(CustomerMemberRequiredMixin, View):
    def post(self, request: HttpRequest, number: str) -> HttpResponse:
        case = selectors.case_get_for_user(user=request.user, number=number)
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                services.case_rating_give(case=case, by=request.user, now=timezone.now(),
                                          **form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, refusal_text(error))
                return redirect(case)
            messages.success(request, _("Thank you for your answer."))
            return redirect(f"{case.get_absolute_url()}#rating")
        return _render_case_detail(request, case, rating_form=form, status=400)


class CaseTransitionView(CustomerMemberRequiredMixin, View):
    def post(self, request: HttpRequest, number: str) -> HttpResponse:
        case = selectors.case_get_for_user(user=request.user, number=number)
        try:
            services.case_transition(case=case, by=request.user,
                                     target=request.POST.get("target", ""), now=timezone.now())
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("The case was updated."))
        return redirect(case)


class EstimateAcceptView(CustomerMemberRequiredMixin, View):
    """Two steps: the page shows exactly what is being ordered (amount, currency, VAT,
    content, version); the POST accepts that version and no other."""

    template_name = "cases/estimate_accept.html"

    def _render(self, request: HttpRequest, case: Case, estimate: CostEstimate | None,
                form: EstimateAcceptForm, status: int = 200) -> HttpResponse:
        return render(request, self.template_name, {
            "case": case, "estimate": estimate, "form": form,
            "write_refusal": services.case_write_refusal_for(user=request.user, case=case),
        }, status=status)

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        case = selectors.case_get_for_user(user=request.user, number=number)
        estimate = CostEstimate.objects.current_for(case)
        if estimate is None or estimate.is_accepted or case.state != State.COST_ESTIMATE:
            messages.info(request, services.ESTIMATE_NOT_OPEN)
            return redirect(case)
        return self._render(request, case, estimate,
                            EstimateAcceptForm(initial={"version": estimate.version}))

    def post(self, request: HttpRequest, number: str) -> HttpResponse:
        case = selectors.case_get_for_user(user=request.user, number=number)
        form = EstimateAcceptForm(request.POST)
        if form.is_valid():
            try:
                services.case_estimate_accept(case=case, by=request.user,
                                              version=form.cleaned_data["version"],
                                              now=timezone.now())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you, you accepted the cost estimate. We "
                                            "will start the work."))
                return redirect(case)
        estimate = CostEstimate.objects.current_for(case)
        if estimate is not None and not estimate.is_accepted:
            # Show the estimate as it is now, and ask for that version.
            form.data = form.data.copy()
            form.data["version"] = str(estimate.version)
        return self._render(request, case, estimate, form, status=400)


class AttachmentDownloadView(CustomerMemberRequiredMixin, View):
    """The file, or with ``?thumb=1`` its thumbnail: both behind the same scoped lookup."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = selectors.attachment_get_for_user(user=request.user, pk=pk)
        if request.GET.get("thumb") == "1":
            return attachment_thumbnail_response(attachment)
        return attachment_download_response(request, attachment)
