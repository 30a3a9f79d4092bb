from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailIntakeConfig(AppConfig):
    name = "mailintake"
    verbose_name = _("Cases by email")
