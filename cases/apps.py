from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from sla.signals import calendar_changed

        from . import last_word
        from .receivers import recompute_deadlines_on_calendar_change

        last_word.connect()

        calendar_changed.connect(recompute_deadlines_on_calendar_change,
                                 dispatch_uid="cases.recompute_deadlines")
