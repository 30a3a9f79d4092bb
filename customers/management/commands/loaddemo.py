"""Load the demo data of every app that has a ``demo.load(stdout)``; safe to run again."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from customers import demo_cases

# Apps whose demo data others build on come first.
ORDER = ["accounts", "customers", "superusers", "sla", "cases", "support_logins", "knowledgebase"]


class Command(BaseCommand):
    help = ("Create (or refresh) demo customers, SuperUsers, staff, content, and cases with "
            "their conversations, estimates and support logins. Idempotent.")

    def handle(self, *args, **options) -> None:
        from cases.models import OutboxEmail

        last_email = OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        configs = sorted(apps.get_app_configs(),
                         key=lambda c: ORDER.index(c.label) if c.label in ORDER else len(ORDER))
        for config in configs:
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as missing:
                if missing.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        # Cases build on every app's demo data (customers, staff, calendars), so come last.
        with transaction.atomic():
            demo_cases.load(self.stdout, now=timezone.now())
        # Every app's demo (a training booking's confirmation too) queued mail for people who
        # do not exist: kept in the outbox for admin to show, marked sent, never sent.
        OutboxEmail.objects.filter(pk__gt=last_email, sent_at__isnull=True).update(
            sent_at=timezone.now(), last_error="demo data: not sent")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins: see README, 'Demo logins'."))
