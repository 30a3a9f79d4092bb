"""Migration operations that only touch PostgreSQL, so SQLite (``make run``) still migrates.

The model state is the same on every database (``makemigrations`` sees no difference);
only the SQL is skipped where the feature does not exist.
"""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db.migrations.operations import AddIndex


def _is_postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class TrigramExtensionOnPostgres(TrigramExtension):
    """``CREATE EXTENSION pg_trgm`` on PostgreSQL; nothing elsewhere.

    Never dropped on the way back: an extension belongs to the whole database, and other
    apps' indexes may use it.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        return


class AddIndexOnPostgres(AddIndex):
    """A GIN index (tsvector or trigram): created on PostgreSQL, skipped on SQLite."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgres(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgres(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return super().describe() + " (PostgreSQL only)"
