from django.views.generic import TemplateView

from .access import CustomerMemberRequiredMixin
from .selectors import licence_list_for_user, superuser_seat_list_for_user, superuser_trained_modules


class CompanyOverviewView(CustomerMemberRequiredMixin, TemplateView):
    """The SuperUser's view of their company: licences, seats, and their own trainings."""

    template_name = "superusers/company_overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            customer=user.customer,
            licences=licence_list_for_user(user=user),
            seats=superuser_seat_list_for_user(user=user),
            trained_modules=superuser_trained_modules(user=user),
            **kwargs,
        )
