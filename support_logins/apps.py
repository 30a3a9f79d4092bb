from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportLoginsConfig(AppConfig):
    name = "support_logins"
    verbose_name = _("Support logins")
