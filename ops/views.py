"""Probes for load balancers and orchestrators: unauthenticated, never cached, no personal
data. /healthz answers while the process runs; /readyz says whether it can serve."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .checks import (
    CheckResult,
    beat_check,
    broker_check,
    database_check,
    readiness_report,
    storage_check,
)
from .selectors import heartbeat_latest


# Neither view runs inside ATOMIC_REQUESTS: opening that transaction needs the database
# (healthz must not touch it) and would raise before readyz could report it down.
@transaction.non_atomic_requests
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@transaction.non_atomic_requests
@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    database = database_check(connection)
    results = [
        database,
        broker_check(settings.CELERY_BROKER_URL,
                     transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS),
        storage_check(default_storage),
        _beat(database),
    ]
    ready, body = readiness_report(results)
    return JsonResponse(body, status=200 if ready else 503)


def _beat(database: CheckResult) -> CheckResult:
    if not database.ok:
        return CheckResult("beat", False, "unknown: database unavailable")
    try:
        last_beat_at = heartbeat_latest()
    except Exception as error:  # noqa: BLE001 - e.g. the table is missing before migrate
        connection.close()
        return CheckResult("beat", False, type(error).__name__)
    return beat_check(last_beat_at, now=timezone.now(),
                      stale_after=timedelta(seconds=settings.OPS_BEAT_STALE_SECONDS))
