"""Migration operations that only touch one kind of database: PostgreSQL's extensions,
indexes and text-search configurations, and SQLite's FTS5 table, so both migrate.

The model state is the same on every database (``makemigrations`` sees no difference);
only the SQL is skipped where the feature does not exist.
"""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db.migrations.operations import AddIndex
from django.db.migrations.operations.base import Operation

from . import sqlite_fts


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


class UnaccentExtensionOnPostgres(UnaccentExtension):
    """``CREATE EXTENSION unaccent`` on PostgreSQL (a trusted extension: the database owner
    may create it); nothing elsewhere. Never dropped, like pg_trgm."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        return


_WORD_TOKENS = "asciiword, word, asciihword, hword, hword_asciipart, hword_part"


def _vector_update_sql(configs: dict[str, str]) -> str:
    config = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in configs.items())
    config = f"(CASE language {config} ELSE 'simple' END)::regconfig"
    return (
        "UPDATE knowledgebase_article SET search_vector = "
        f"setweight(to_tsvector({config}, COALESCE(question, '')), 'A') || "
        f"setweight(to_tsvector({config}, COALESCE(answer, '')), 'B')"
    )


class FoldedSearchConfigsOnPostgres(Operation):
    """Text-search configurations that fold diacritics before stemming, so "losenord" finds
    "lösenord": each a copy of the built-in one whose words first meet the language's stop
    words (unchanged: "för" stays a stop word), then ``unaccent``, then the Snowball stemmer.
    Recomputes every stored search vector. Nothing on SQLite (see ``knowledgebase.stemming``
    for the same pipeline there).

    ``configs``: language code → (new configuration, built-in one it copies).
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, configs: dict[str, tuple[str, str]]) -> None:
        self.configs = configs

    def deconstruct(self):
        return self.__class__.__name__, [], {"configs": self.configs}

    def state_forwards(self, app_label, state):
        return

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _is_postgres(schema_editor):
            return
        for name, builtin in self.configs.values():
            stop = f"{name}_stop"
            # ACCEPT = false: a word that is no stop word goes on to the next dictionary.
            schema_editor.execute(f"CREATE TEXT SEARCH DICTIONARY {stop} "
                                  f"(TEMPLATE = simple, STOPWORDS = {builtin}, ACCEPT = false)")
            schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {builtin})")
            schema_editor.execute(f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR "
                                  f"{_WORD_TOKENS} WITH {stop}, unaccent, {builtin}_stem")
        schema_editor.execute(_vector_update_sql(
            {code: name for code, (name, _builtin) in self.configs.items()}))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _is_postgres(schema_editor):
            return
        schema_editor.execute(_vector_update_sql(
            {code: builtin for code, (_name, builtin) in self.configs.items()}))
        for name, _builtin in self.configs.values():
            schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
            schema_editor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {name}_stop")

    def describe(self) -> str:
        return "Create diacritic-folding text-search configurations (PostgreSQL only)"


class FullTextIndexOnSqlite(Operation):
    """The FTS5 table of ``knowledgebase.sqlite_fts`` and its delete trigger, filled from the
    articles already there; nothing on PostgreSQL, which has ``search_vector``."""

    reduces_to_sql = False
    reversible = True

    def deconstruct(self):
        return self.__class__.__name__, [], {}

    def state_forwards(self, app_label, state):
        return

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sqlite_fts.CREATE_SQL)
            cursor.execute(sqlite_fts.CREATE_TRIGGER_SQL)
            sqlite_fts.rebuild(cursor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in sqlite_fts.DROP_SQL:
            schema_editor.execute(statement)

    def describe(self) -> str:
        return "Create the FAQ full-text index (SQLite only)"
