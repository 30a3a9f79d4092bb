from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings

        from . import (
            celery_signals,  # noqa: F401 - connects the request id to Celery tasks
            heap,
        )

        heap.install(after_requests=settings.OPS_HEAP_FREEZE_AFTER_REQUESTS,
                     young_threshold=settings.OPS_HEAP_YOUNG_THRESHOLD)
