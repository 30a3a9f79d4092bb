"""The reply tools of the case change page: snippets to insert, a preview of the customer's
email, and "turn this answer into a FAQ article". Thin views: the reads are in
replies.selectors, the draft in knowledgebase.drafts. ``CaseAdmin.get_urls`` adds
``reply_tool_urls(self)`` before its own URLs."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.mentions import author_name
from cases.models import Case, Message
from knowledgebase.drafts import article_draft_from_case
from knowledgebase.models import Language
from kundcenter import converters  # noqa: F401  (registers pk)
from kundcenter.refusals import refusal_text

from .selectors import reply_email_preview, reply_snippets_for

# The name the posted text has in the preview request, and the draft's chosen message.
PREVIEW_FIELD = "body"
FAQ_MESSAGE_FIELD = "faq_message"


def _case(model_admin: admin.ModelAdmin, request: HttpRequest, case_id: int) -> Case:
    # Through the admin's own queryset, so the tools see exactly the cases the page does.
    return get_object_or_404(model_admin.get_queryset(request).select_related("reporter"),
                             pk=case_id)


def case_snippets(model_admin: admin.ModelAdmin, request: HttpRequest, case_id: int
                  ) -> HttpResponse:
    """JSON ``{"language": ..., "snippets": [{kind, id, title, text, language}, ...]}``;
    ``?language=fi`` asks for another language than the reporter's."""
    case = _case(model_admin, request, case_id)
    if not model_admin.has_change_permission(request, case):
        raise PermissionDenied
    language = request.GET.get("language") or None
    if language is not None and language not in Language.values:
        return HttpResponseBadRequest("unknown language")
    snippets = reply_snippets_for(case=case, user=request.user, language=language)
    return JsonResponse({"snippets": [snippet.as_dict() for snippet in snippets]})


def case_reply_preview(model_admin: admin.ModelAdmin, request: HttpRequest, case_id: int
                       ) -> HttpResponse:
    """An HTML fragment: the email the reporter would get for a public reply with the posted
    text, and the text as the portal shows it."""
    case = _case(model_admin, request, case_id)
    if not model_admin.has_change_permission(request, case):
        raise PermissionDenied
    preview = reply_email_preview(case=case, author=author_name(request.user),
                                  body=request.POST.get(PREVIEW_FIELD, ""))
    html = render_to_string("admin/cases/reply_preview.html", {
        "case": case, "preview": preview, "body": request.POST.get(PREVIEW_FIELD, ""),
        "language_name": Language(preview.language).label
        if preview.language in Language.values else preview.language,
    }, request=request)
    return HttpResponse(html)


def case_faq_draft(model_admin: admin.ModelAdmin, request: HttpRequest, case_id: int
                   ) -> HttpResponse:
    case = _case(model_admin, request, case_id)
    if not model_admin.has_view_permission(request, case):
        raise PermissionDenied
    back = reverse("admin:cases_case_change", args=[case.pk])
    message = None
    chosen = request.POST.get(FAQ_MESSAGE_FIELD, "").strip()
    if chosen:
        if not chosen.isdigit():
            return HttpResponseBadRequest("bad message id")
        message = get_object_or_404(Message, pk=int(chosen), case=case)
    try:
        article = article_draft_from_case(case=case, by=request.user, message=message,
                                          now=timezone.now())
    except (ValidationError, PermissionDenied) as refusal:
        messages.error(request, refusal_text(refusal))
        return redirect(back)
    messages.success(request, _("A draft FAQ article was made from case %(number)s. Reword it "
                                "as a general question, remove the customer's details, and "
                                "publish it.") % {"number": case.number})
    return redirect(reverse("admin:knowledgebase_article_change", args=[article.pk]))


def reply_tool_urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    """The tools' URLs, relative to the case admin (``<case>/snippets/`` and so on)."""

    def bind(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def bound(request: HttpRequest, case_id: int) -> HttpResponse:
            return view(model_admin, request, case_id)

        bound.__name__ = view.__name__
        bound.__doc__ = view.__doc__
        return bound

    wrap = model_admin.admin_site.admin_view
    return [
        path("<pk:case_id>/snippets/", wrap(require_GET(bind(case_snippets))),
             name="cases_case_snippets"),
        path("<pk:case_id>/preview/", wrap(require_POST(bind(case_reply_preview))),
             name="cases_case_reply_preview"),
        path("<pk:case_id>/faq-draft/", wrap(require_POST(bind(case_faq_draft))),
             name="cases_case_faq_draft"),
    ]


__all__ = ["reply_tool_urls", "case_snippets", "case_reply_preview", "case_faq_draft"]
