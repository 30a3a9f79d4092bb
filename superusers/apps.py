from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuperUsersConfig(AppConfig):
    name = "superusers"
    verbose_name = _("SuperUsers")
