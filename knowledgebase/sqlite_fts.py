"""The SQLite full-text index of the FAQ: an FTS5 table of the analysed text of every
article (``knowledgebase.stemming``), rowid = article id, ranked with bm25.

PostgreSQL keeps the equivalent in ``Article.search_vector``. Plain DB-API on purpose: the
migration that creates the table and the services that keep it current share these.
"""

from __future__ import annotations

from collections.abc import Iterable

from .stemming import GAP, indexed_text

TABLE = "knowledgebase_article_fts"
# bm25 column weights: a question match counts more, like weights A (1.0) and B (0.4) of
# ts_rank.
BM25_WEIGHTS = "1.0, 0.4"
# The text is analysed in Python already, so unicode61 must only split at spaces: GAP and
# the dots of "camt.053" are token characters. remove_diacritics folds anything that
# slipped past.
CREATE_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    f"question, answer, language UNINDEXED, "
    f"tokenize = \"unicode61 remove_diacritics 2 tokenchars '{GAP}./@'\")"
)
# Deleting an article (admin, cascades, queryset.delete()) drops its entry in the same
# transaction, whichever code path deletes it.
CREATE_TRIGGER_SQL = (
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON knowledgebase_article "
    f"BEGIN DELETE FROM {TABLE} WHERE rowid = old.id; END"
)
DROP_SQL = (f"DROP TRIGGER IF EXISTS {TABLE}_delete", f"DROP TABLE IF EXISTS {TABLE}")

Row = tuple[int, str, str, str]  # id, language, question, answer


def write(cursor, rows: Iterable[Row]) -> int:
    """(Re)index the given articles; returns how many."""
    entries = [(pk, indexed_text(question, language), indexed_text(answer, language), language)
               for pk, language, question, answer in rows]
    cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = ?", [(entry[0],) for entry in entries])
    cursor.executemany(
        f"INSERT INTO {TABLE} (rowid, question, answer, language) VALUES (?, ?, ?, ?)", entries)
    return len(entries)


def rebuild(cursor, *, batch_size: int = 2000) -> int:
    """Index every article afresh."""
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute("SELECT id, language, question, answer FROM knowledgebase_article")
    # Fetch first: the same cursor then writes.
    rows = cursor.fetchall()
    return sum(write(cursor, rows[start:start + batch_size])
               for start in range(0, len(rows), batch_size))
