"""The case list's ``?q=`` (number or subject contains, any case) through trigram indexes
instead of a scan of every case of the customer. PostgreSQL only: elsewhere (SQLite for
`make run`) the same query runs without them."""

from django.db import migrations

# icontains compiles to UPPER("column"::text) LIKE UPPER(%s): the indexes are on exactly that
# expression. PostgreSQL combines them with the customer's index (BitmapAnd).
INDEXES = {
    "case_search_subject_trgm": "UPPER(subject::text) gin_trgm_ops",
    "case_search_number_trgm": "UPPER(number::text) gin_trgm_ops",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The FAQ's search uses the extension too, so it is never dropped here.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cases_case USING gin ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_list_and_activity_indexes")]

    operations = [migrations.RunPython(create, drop)]
