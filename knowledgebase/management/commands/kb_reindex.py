"""`manage.py kb_reindex`: rebuild the FAQ search index of every article.

Migrating builds it, and the services keep it current; this is for text written past them
(a raw SQL import, a restored dump of the SQLite file).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from knowledgebase.services import article_search_vector_refresh


class Command(BaseCommand):
    help = "Rebuild the FAQ search index (PostgreSQL search vectors, or SQLite's FTS5 table)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            count = article_search_vector_refresh()
        self.stdout.write(f"FAQ search index: {count} articles indexed.")
