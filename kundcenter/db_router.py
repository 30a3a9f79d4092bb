"""The read replica (DATABASE_REPLICA_URL): only the managers' reports read from it, and only
by asking for it (``.using(report_database())``).

Routing every read to the replica would break read-your-writes in the portal: a SuperUser
who registers a case must see it on the next page, and streaming replication lags behind.
Reports aggregate months of cases and tolerate a second of lag, so they are what moves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model

REPLICA_DB_ALIAS = "replica"
_PAIR = {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}


def report_database() -> str:
    """The alias the reports read from: the replica when one is configured, else default."""
    return REPLICA_DB_ALIAS if REPLICA_DB_ALIAS in settings.DATABASES else DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Nothing but explicit ``.using()`` reads the replica, and nothing ever writes to it: a
    standby refuses writes, and a row loaded from it is saved to default. The replica is a
    hot standby of default, so rows from either may be related. Other aliases (a restore
    target in a test, say) keep Django's own rules."""

    def db_for_read(self, model: type[Model], **hints) -> str | None:
        # None: Django's rule, the instance's own database or else default.
        return None

    def db_for_write(self, model: type[Model], **hints) -> str | None:
        instance = hints.get("instance")
        if instance is None or instance._state.db in (None, REPLICA_DB_ALIAS):
            return DEFAULT_DB_ALIAS
        return None

    def allow_relation(self, obj1: Model, obj2: Model, **hints) -> bool | None:
        return True if {obj1._state.db, obj2._state.db} <= _PAIR else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None,
                      **hints) -> bool | None:
        # The standby gets its schema by replication.
        return False if db == REPLICA_DB_ALIAS else None

