"""Authentication backends."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class UserWithCustomerBackend(ModelBackend):
    """The signed-in user is loaded with their customer: nearly every page reads it (office
    time zone, the reader's facts), which was one more query per page."""

    def get_user(self, user_id):
        user = (self.user_model_manager().select_related("customer")
                .filter(pk=user_id).first())
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_model_manager(self):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager
