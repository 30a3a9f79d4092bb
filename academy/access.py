"""Who may read the Academy: the customer's SuperUsers (a seat on an active licence)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse

from superusers.access import render_ineligible
from superusers.rules import Ineligibility

from .selectors import is_academy_reader


class AcademyReaderRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_academy_reader(user=request.user):
            return render_ineligible(request, Ineligibility.NO_SEAT)
        return super().dispatch(request, *args, **kwargs)
