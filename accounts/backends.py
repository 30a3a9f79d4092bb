"""Authentication backends."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist


class UserWithCustomerBackend(ModelBackend):
    """The signed-in user is loaded with their customer: nearly every page reads it (office
    time zone, the reader's facts), which was one more query per page."""

    def get_user(self, user_id):
        # get(), not first(): first() orders by the key, which every request paid to compile.
        try:
            user = self.user_model_manager().select_related("customer").get(pk=user_id)
        except ObjectDoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def user_model_manager(self):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager
