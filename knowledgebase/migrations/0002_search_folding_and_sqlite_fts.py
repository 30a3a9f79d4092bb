# The same search on both databases: diacritic folding on PostgreSQL (unaccent in new
# text-search configurations, search vectors recomputed) and, on SQLite, an FTS5 index of
# the same stemmed text. No model state changes.

from django.db import migrations

from knowledgebase.migration_ops import (
    FoldedSearchConfigsOnPostgres,
    FullTextIndexOnSqlite,
    UnaccentExtensionOnPostgres,
)


class Migration(migrations.Migration):

    dependencies = [
        ('knowledgebase', '0001_initial'),
    ]

    operations = [
        UnaccentExtensionOnPostgres(),
        FoldedSearchConfigsOnPostgres(configs={
            'sv': ('kb_swedish', 'swedish'),
            'fi': ('kb_finnish', 'finnish'),
            'en': ('kb_english', 'english'),
        }),
        FullTextIndexOnSqlite(),
    ]
