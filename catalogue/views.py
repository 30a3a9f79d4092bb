from __future__ import annotations

from django.views.generic import TemplateView

from superusers.access import CustomerMemberRequiredMixin
from superusers.rules import INELIGIBILITY_MESSAGES
from superusers.selectors import superuser_eligibility

from .selectors import catalogue_for_office


class CatalogueHomeView(CustomerMemberRequiredMixin, TemplateView):
    """The catalogue; "Order" only for those who may register cases, the reason for others."""

    template_name = "catalogue/home.html"

    def get_context_data(self, **kwargs) -> dict:
        user = self.request.user
        verdict = superuser_eligibility(user=user)
        return {
            **super().get_context_data(**kwargs),
            "categories": catalogue_for_office(office=user.customer.office_country),
            "may_order": verdict.may_register_cases,
            "order_refusal": (None if verdict.may_register_cases
                              else INELIGIBILITY_MESSAGES[verdict.reason]),
        }
