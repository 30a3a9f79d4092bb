"""API v1: thin views over the portal's own selectors and services (no second set of
rules), every customer-facing read scoped through customers.access."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ParseError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.selectors import release_list_for_user, unread_release_count
from audit.services import audit_record
from cases import selectors as case_selectors
from cases import services as case_services
from cases.downloads import attachment_download_response
from cases.forms import CaseRegistrationForm, ReplyForm
from cases.queue import QUEUE_VALUES, Queue, queue_cases, queue_views
from knowledgebase.search import article_search
from knowledgebase.selectors import article_get_for_user_or_404
from kundcenter.client_ip import client_ip
from sla.calendar import CalendarError, is_open, next_opening
from sla.models import SupportCalendar
from sla.services import calendar_tables_get
from support_logins.selectors import (
    grant_choices_for_case,
    grant_get_for_user,
    grant_list_for_user,
    grant_terms,
)
from support_logins.services import support_login_grant, support_login_revoke

from . import serializers as s
from .authentication import TokenScope
from .models import IdempotentRegistration
from .problems import NOT_FOUND, problem, problem_json_response

PROBLEM = OpenApiResponse(s.ProblemSerializer, description="RFC 9457 problem details")


def problems(*codes: int) -> dict:
    """The error answers of an operation, as application/problem+json."""
    return {(code, "application/problem+json"): PROBLEM for code in codes}


# The input guard (kundcenter.input_guard) may refuse any request with a 400.
COMMON_ERRORS = problems(400, 401, 403, 429)
NOT_STAFF = _("These endpoints are for the customer centre's staff.")
NOT_A_CUSTOMER = _("These endpoints are for the people of a customer; this token's owner is "
                   "not one.")


class CustomerMember(permissions.BasePermission):
    """The customer endpoints answer a customer's people; another customer's objects are
    404 through the scoped selectors."""

    message = NOT_A_CUSTOMER

    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and request.user.customer_id is not None


class StaffMember(permissions.BasePermission):
    """The staff endpoints answer the customer centre's own people, with the staff rules
    (a specialist's queues are their team's; a manager's all teams)."""

    message = NOT_STAFF

    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and request.user.is_staff


class TokenApiView(APIView):
    # Reads revalidate by ETag instead of being refetched (private: never in a shared
    # cache). No docstring: drf-spectacular would show it as every operation's description.

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-cache"
        return response


class CustomerApiView(TokenApiView):
    permission_classes = [permissions.IsAuthenticated, TokenScope, CustomerMember]


class StaffApiView(TokenApiView):
    permission_classes = [permissions.IsAuthenticated, TokenScope, StaffMember]


class CaseCursor(CursorPagination):
    page_size = 25
    max_page_size = 100
    page_size_query_param = "page_size"
    ordering = ("-registered_at", "-id")


def _form_errors(form) -> Response:
    errors = {field: [str(e) for e in messages] for field, messages in form.errors.items()}
    return problem(400, translation.gettext("See the errors of each field."), errors=errors)


class CaseListView(CustomerApiView):
    @extend_schema(parameters=[s.CaseListQuerySerializer],
                   responses={200: s.CasePageSerializer, **problems(400),
                              **COMMON_ERRORS},
                   summary="The company's cases, newest first, with the portal's filters",
                   operation_id="cases_list")
    def get(self, request):
        query = s.CaseListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = case_selectors.CaseListFilters(
            category=data.get("category", ""), status=data.get("status", ""),
            state=data.get("state", ""), module_id=data.get("module"),
            mine=data.get("mine", False), query=data.get("q", ""))
        cases = case_selectors.case_list_for_user(user=request.user, filters=filters)
        paginator = CaseCursor()
        page = paginator.paginate_queryset(cases.order_by(), request, view=self)
        return paginator.get_paginated_response(
            s.CaseSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(request={"multipart/form-data": s.CaseRegisterSerializer,
                            "application/json": s.CaseRegisterSerializer},
                   parameters=[OpenApiParameter(
                       "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER,
                       description="Retrying a POST with the same key answers with the case "
                                   "the first one registered, instead of a second case.")],
                   responses={201: s.CaseDetailSerializer, 200: s.CaseDetailSerializer,
                              **problems(400, 409, 422, 415),
                              **COMMON_ERRORS},
                   summary="Register a case (needs a read-and-write token)",
                   operation_id="case_register")
    def post(self, request):
        user = request.user
        key = request.headers.get("Idempotency-Key", "").strip()[:200]
        fingerprint = _request_fingerprint(request)
        if key:
            earlier = IdempotentRegistration.objects.filter(token=request.auth, key=key).first()
            if earlier is not None:
                return _replayed(request, earlier, fingerprint)
        now = timezone.now()
        form = CaseRegistrationForm(_object_body(request), request.FILES, user=user,
                                    office=user.customer.office_country, now=now)
        if not form.is_valid():
            return _form_errors(form)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                case = case_services.case_register(
                    reporter=user, module=data["module"], category=data["category"],
                    subject=data["subject"], description=data["description"],
                    service_level=data["service_level"], attachments=data["attachments"],
                    channel="api", now=now)
                if key:
                    IdempotentRegistration.objects.create(
                        token=request.auth, key=key, request_digest=fingerprint, case=case,
                        created_at=now)
        except IntegrityError:
            # The same key raced in from a parallel retry: that request's case is the one.
            earlier = IdempotentRegistration.objects.get(token=request.auth, key=key)
            return _replayed(request, earlier, fingerprint)
        return Response(_case_detail(request, case), status=status.HTTP_201_CREATED)


def _object_body(request):
    """The request's fields; a JSON body that is no object (a list, a number) is malformed
    (DRF's own translated "Malformed request"), not a crash in the form."""
    if not isinstance(request.data, dict):  # a QueryDict (multipart) is a dict too
        raise ParseError
    return request.data


def _request_fingerprint(request) -> str:
    """What a retry must repeat to count as the same registration."""
    data = _object_body(request)
    # Multipart data is a QueryDict (a field may repeat); JSON a plain dict.
    fields = {key: data.getlist(key) if hasattr(data, "getlist") else data[key]
              for key in sorted(data)}
    files = sorted((f.name, f.size) for f in request.FILES.getlist("attachments"))
    return hashlib.sha256(json.dumps([fields, files], default=str).encode()).hexdigest()


def _replayed(request, earlier: IdempotentRegistration, fingerprint: str) -> Response:
    if earlier.request_digest != fingerprint:
        return problem(409, translation.gettext(
            "This Idempotency-Key was used for a different request."))
    case = case_selectors.case_get_for_user(user=request.user, number=earlier.case.number)
    return Response(_case_detail(request, case), status=status.HTTP_200_OK)


def _case_detail(request, case) -> dict:
    shown = case_selectors.case_detail_for_customer(case=case)
    case.public_messages = shown["public_messages"]
    case.case_attachments = shown["case_attachments"]
    case.current_estimate = shown["estimate"]
    return s.CaseDetailSerializer(case, context={"request": request}).data


class CaseDetailView(CustomerApiView):
    @extend_schema(responses={200: s.CaseDetailSerializer, **problems(404),
                              **COMMON_ERRORS},
                   summary="A case with its public conversation and attachments",
                   operation_id="case_get")
    def get(self, request, number: str):
        case = case_selectors.case_get_for_user(user=request.user, number=number)
        if case.reporter_id != request.user.pk:
            audit_record(actor=request.user, action="case.view", subject=case,
                         customer_id=case.customer_id, ip_address=client_ip(request),
                         details={"via": "api"})
        return Response(_case_detail(request, case))


class CaseReplyView(CustomerApiView):
    @extend_schema(request={"multipart/form-data": s.ReplySerializer,
                            "application/json": s.ReplySerializer},
                   responses={201: s.CaseDetailSerializer, **problems(400, 404, 415, 422),
                              **COMMON_ERRORS},
                   summary="Reply in the case's conversation (needs a read-and-write token)",
                   operation_id="case_reply")
    def post(self, request, number: str):
        case = case_selectors.case_get_for_user(user=request.user, number=number)
        form = ReplyForm(_object_body(request), request.FILES)
        if not form.is_valid():
            return _form_errors(form)
        case_services.case_message_add(case=case, by=request.user,
                                       body=form.cleaned_data["body"],
                                       attachments=form.cleaned_data["attachments"],
                                       now=timezone.now())
        case = case_selectors.case_get_for_user(user=request.user, number=number)
        return Response(_case_detail(request, case), status=status.HTTP_201_CREATED)


class AttachmentView(CustomerApiView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                              **problems(404),
                              **COMMON_ERRORS},
                   summary="Download an attachment (permission-checked, logged)",
                   operation_id="attachment_get")
    def get(self, request, pk: int):
        attachment = case_selectors.attachment_get_for_user(user=request.user, pk=pk)
        return attachment_download_response(request._request, attachment)


class OfficeListView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: s.OfficeSerializer(many=True), **problems(401, 429)},
                   summary="Each support office's opening hours and whether it is open now "
                           "(public)", operation_id="offices_list")
    def get(self, request):
        now = timezone.now()
        tables = calendar_tables_get()
        offices = []
        for calendar in SupportCalendar.objects.all():
            table = tables[calendar.office]
            try:
                open_now, upcoming = is_open(table, now), next_opening(table, now)
            except CalendarError:
                open_now, upcoming = False, None
            offices.append({
                "office": calendar.office, "name": calendar.name,
                "time_zone": str(table.time_zone), "open_now": open_now,
                "next_opening": upcoming,
                "weekly_hours": [[[opens.isoformat("minutes"), closes.isoformat("minutes")]
                                  for opens, closes in day] for day in table.rules.weekly]})
        return Response(s.OfficeSerializer(offices, many=True).data)


FAQ_RESULTS = 20
SUPPORT_LOGINS_LISTED = 100
RELEASES_LISTED = 50


class EstimateAcceptView(CustomerApiView):
    @extend_schema(request=s.EstimateAcceptSerializer,
                   responses={200: s.CaseDetailSerializer, **problems(404, 415, 422),
                              **COMMON_ERRORS},
                   summary="Accept the order's cost estimate, naming the version you accept "
                           "(needs a read-and-write token)",
                   operation_id="estimate_accept")
    def post(self, request, number: str):
        case = case_selectors.case_get_for_user(user=request.user, number=number)
        body = s.EstimateAcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case_services.case_estimate_accept(case=case, by=request.user,
                                           version=body.validated_data["version"],
                                           now=timezone.now())
        case = case_selectors.case_get_for_user(user=request.user, number=number)
        return Response(_case_detail(request, case))


class SupportLoginListView(CustomerApiView):
    @extend_schema(responses={200: s.SupportLoginSerializer(many=True), **COMMON_ERRORS},
                   summary="The company's support logins, newest first",
                   operation_id="support_logins_list")
    def get(self, request):
        now = timezone.now()
        grants = grant_list_for_user(user=request.user)[:SUPPORT_LOGINS_LISTED]
        return Response(s.SupportLoginSerializer([_grant_data(g, now) for g in grants],
                                                 many=True).data)


def _grant_data(grant, now) -> dict:
    return {"pk": grant.pk, "case": grant.case, "kind": grant.kind,
            "granted_at": grant.granted_at, "expires_at": grant.expires_at,
            "revoked_at": grant.revoked_at,
            "active": grant.revoked_at is None and grant.expires_at > now}


class SupportLoginGrantView(CustomerApiView):
    @extend_schema(responses={200: s.SupportLoginTermsSerializer(many=True), **problems(404, 422),
                              **COMMON_ERRORS},
                   summary="What a grant on this case would be now: each choice offered today "
                           "with its exact end, to show your user before granting",
                   operation_id="support_login_terms")
    def get(self, request, number: str):
        # The portal's confirmation page, as data: the same terms the grant will apply.
        case = case_selectors.case_get_for_user(user=request.user, number=number)
        now = timezone.now()
        rows = []
        for choice, label in grant_choices_for_case(case=case, now=now):
            terms = grant_terms(case=case, choice=choice, now=now)
            rows.append({"preset": choice, "label": label, "kind": terms.kind,
                         "expires_at": terms.expires_at})
        return Response(s.SupportLoginTermsSerializer(rows, many=True).data)

    @extend_schema(request=s.SupportLoginGrantSerializer,
                   responses={201: s.SupportLoginSerializer, **problems(404, 415, 422),
                              **COMMON_ERRORS},
                   summary="Let our specialists into your system for this case, for a preset "
                           "time (needs a read-and-write token)",
                   operation_id="support_login_grant")
    def post(self, request, number: str):
        case = case_selectors.case_get_for_user(user=request.user, number=number)
        body = s.SupportLoginGrantSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        now = timezone.now()
        grant = support_login_grant(case=case, by=request.user,
                                    preset=body.validated_data["preset"], now=now,
                                    reason=body.validated_data.get("reason", ""),
                                    shown_expires_at=body.validated_data.get("expires_at"),
                                    ip_address=client_ip(request))
        return Response(s.SupportLoginSerializer(_grant_data(grant, now)).data,
                        status=status.HTTP_201_CREATED)


class SupportLoginRevokeView(CustomerApiView):
    @extend_schema(request=None,
                   responses={200: s.SupportLoginSerializer, **problems(404, 415, 422),
                              **COMMON_ERRORS},
                   summary="Take a support login back, from this second on "
                           "(needs a read-and-write token)",
                   operation_id="support_login_revoke")
    def post(self, request, pk: int):
        grant = grant_get_for_user(user=request.user, pk=pk)
        now = timezone.now()
        grant = support_login_revoke(grant=grant, by=request.user, now=now,
                                     ip_address=client_ip(request))
        return Response(s.SupportLoginSerializer(_grant_data(grant, now)).data)


class SlaSummaryView(CustomerApiView):
    @extend_schema(responses={200: s.SlaSummaryRowSerializer(many=True), **COMMON_ERRORS},
                   summary="How the start promise was kept on the company's software bugs, "
                           "by month and level, over the last twelve months",
                   operation_id="sla_summary")
    def get(self, request):
        now = timezone.now()
        rows = case_selectors.customer_sla_summary(user=request.user, now=now,
                                                   since=now - timedelta(days=365))
        return Response(s.SlaSummaryRowSerializer(rows, many=True).data)


class FaqSearchView(CustomerApiView):
    @extend_schema(parameters=[s.FaqQuerySerializer],
                   responses={200: s.FaqArticleSerializer(many=True), **COMMON_ERRORS},
                   summary="FAQ articles the person may read that match the words, best first",
                   operation_id="faq_search")
    def get(self, request):
        query = s.FaqQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = article_search(user=request.user, text=query.validated_data["q"],
                               language=query.validated_data.get("language"))
        articles = [getattr(result, "article", result) for result in found.results[:FAQ_RESULTS]]
        return Response(s.FaqArticleSerializer(
            [{"pk": a.pk, "question": a.question, "language": a.language,
              "url": request.build_absolute_uri(a.get_absolute_url())} for a in articles],
            many=True).data)


class FaqArticleView(CustomerApiView):
    @extend_schema(responses={200: s.FaqArticleDetailSerializer, **problems(404),
                              **COMMON_ERRORS},
                   summary="An FAQ article the person may read (its answer in Markdown)",
                   operation_id="faq_article")
    def get(self, request, pk: int):
        article = article_get_for_user_or_404(user=request.user, pk=pk)
        return Response(s.FaqArticleDetailSerializer(article).data)


class ReleaseListView(CustomerApiView):
    @extend_schema(responses={200: s.ReleaseNoteSerializer(many=True), **COMMON_ERRORS},
                   summary="Release notes for the modules the company licenses, newest first, "
                           "in the reader's language where written",
                   operation_id="releases_list")
    def get(self, request):
        notes = release_list_for_user(user=request.user,
                                      language=(translation.get_language() or "sv")[:2],
                                      limit=RELEASES_LISTED)
        return Response(s.ReleaseNoteSerializer(notes, many=True).data)


class UnreadReleasesView(CustomerApiView):
    @extend_schema(responses={200: s.UnreadReleasesSerializer, **COMMON_ERRORS},
                   summary="How many release notes the person has not read (the ERP's reminder)",
                   operation_id="releases_unread")
    def get(self, request):
        return Response({"unread": unread_release_count(user=request.user)})


class QueueListView(StaffApiView):
    @extend_schema(responses={200: s.QueueSerializer(many=True), **COMMON_ERRORS},
                   summary="Staff: the specialist's queues with their counts",
                   operation_id="staff_queues")
    def get(self, request):
        views = queue_views(user=request.user, now=timezone.now())
        return Response(s.QueueSerializer(
            [{"queue": v.queue.value, "label": str(v.label), "help": str(v.help),
              "count": v.count} for v in views], many=True).data)


class QueueCasesView(StaffApiView):
    @extend_schema(parameters=[OpenApiParameter("queue", str, OpenApiParameter.PATH,
                                                enum=sorted(QUEUE_VALUES))],
                   responses={200: s.StaffCasePageSerializer, **problems(404), **COMMON_ERRORS},
                   summary="Staff: the open cases of one queue, newest first",
                   operation_id="staff_queue_cases")
    def get(self, request, queue: str):
        if queue not in QUEUE_VALUES:
            return problem(404, NOT_FOUND)
        cases = queue_cases(Queue(queue), user=request.user, now=timezone.now()).select_related(
            "customer", "assignee")
        paginator = CaseCursor()
        page = paginator.paginate_queryset(cases.order_by(), request, view=self)
        return paginator.get_paginated_response(
            s.StaffCaseSerializer(page, many=True, context={"request": request}).data)


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a problem document too, not the portal's HTML page."""
    return problem_json_response(404, NOT_FOUND)
