from django.views.generic import TemplateView

from .access import CustomerMemberRequiredMixin
from .selectors import company_overview_for_user


class CompanyOverviewView(CustomerMemberRequiredMixin, TemplateView):
    """The SuperUser's view of their company: seats per licence, who holds them, and what
    each SuperUser is trained on."""

    template_name = "superusers/company_overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            customer=self.request.user.customer,
            overview=company_overview_for_user(user=self.request.user),
            **kwargs,
        )
