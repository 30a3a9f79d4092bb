"""Each page kind the way a tutorial would write it: a function view, the ORM, a
paginator, a template — no layout, no translations beyond Django's own."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import (
    Article,
    Case,
    CaseEvent,
    CostEstimate,
    LicenceModule,
    Module,
    Release,
    ReleaseRead,
    SupportLoginGrant,
)

OPEN_STATES = ["first_line", "second_line", "received", "cost_estimate", "work",
               "product_council", "new", "escalated", "assessed", "planned"]


def _customer_cases(request):
    return Case.objects.filter(customer_id=request.user.customer_id)


@login_required
def case_list(request):
    cases = _customer_cases(request).select_related("module", "reporter")
    if request.GET.get("q"):
        term = request.GET["q"]
        cases = cases.filter(Q(number__icontains=term) | Q(subject__icontains=term))
    if request.GET.get("category"):
        cases = cases.filter(category=request.GET["category"])
    if request.GET.get("status") == "open":
        cases = cases.filter(state__in=OPEN_STATES)
    cases = cases.order_by("category", "-registered_at", "-pk")
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    return render(request, "floor/case_list.html", {"page": page})


@login_required
def case_detail(request, number):
    case = get_object_or_404(_customer_cases(request).select_related("module", "reporter"),
                             number=number)
    messages = case.messages.filter(is_internal=False).select_related("author")
    attachments = case.attachments.all()
    now = timezone.now()
    # The portal's page also shows the case's history and its active support logins.
    logins = SupportLoginGrant.objects.filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=now), case=case, granted_at__lte=now,
        expires_at__gt=now).order_by("expires_at", "pk")
    return render(request, "floor/case_detail.html",
                  {"case": case, "messages": messages, "attachments": attachments,
                   "events": case.events.order_by("at", "pk"), "logins": logins})


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["category", "module", "subject", "description"]


@login_required
def case_create(request):
    form = CaseForm()
    form.fields["module"].queryset = Module.objects.all()
    return render(request, "floor/case_form.html", {"form": form})


@login_required
def dashboard(request):
    """The home's seven panels over the same rows as the portal's, the tutorial way: one
    queryset per panel, no layout, no translations."""
    now = timezone.now()
    customer_id = request.user.customer_id
    cases = _customer_cases(request)
    open_cases = cases.filter(state__in=OPEN_STATES)
    licensed = LicenceModule.objects.filter(licence__customer_id=customer_id,
                                            licence__is_active=True).values("module_id")
    releases = (Release.objects.filter(published_at__isnull=False,
                                       sections__module_id__in=licensed)
                .distinct().order_by("-published_at", "-pk"))
    return render(request, "floor/dashboard.html", {
        "awaiting": open_cases.filter(last_public_word_by_staff=True)
        .order_by("-last_public_word_at", "-pk")[:8],
        "estimates": CostEstimate.objects.filter(
            case__customer_id=customer_id, case__state="cost_estimate", accepted_at__isnull=True,
            superseded_at__isnull=True).select_related("case").order_by("given_at", "pk")[:8],
        "logins": SupportLoginGrant.objects.filter(
            Q(revoked_at__isnull=True) | Q(revoked_at__gt=now), customer_id=customer_id,
            granted_at__lte=now, expires_at__gt=now).select_related("case")
        .order_by("expires_at", "pk")[:8],
        "open_count": open_cases.count(),
        "open_cases": open_cases.order_by("work_started_at", "start_deadline",
                                          "-registered_at", "-pk")[:8],
        "events": CaseEvent.objects.filter(case__customer_id=customer_id)
        .select_related("case", "actor").order_by("-at", "-pk")[:10],
        "articles": Article.objects.filter(
            Q(visibility="public") | Q(visibility="module", module_id__in=licensed),
            is_published=True, language=request.user.language)
        .order_by("-updated_at", "-pk")[:5],
        "unread": releases.exclude(pk__in=ReleaseRead.objects.filter(
            user=request.user).values("release_id")).count(),
        "releases": releases[:3],
    })
