"""Each page kind the way a tutorial would write it: a function view, the ORM, a
paginator, a template — no layout, no translations beyond Django's own."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from .models import Case, Module

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
    return render(request, "floor/case_detail.html",
                  {"case": case, "messages": messages, "attachments": attachments})


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
    cases = _customer_cases(request)
    open_cases = cases.filter(state__in=OPEN_STATES)
    return render(request, "floor/dashboard.html", {
        "open_count": open_cases.count(),
        "open_cases": open_cases.select_related("module").order_by("-registered_at")[:8],
        "recent": cases.select_related("module").order_by("-registered_at")[:10],
    })
