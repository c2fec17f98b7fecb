"""Trigram indexes for searching drafts by customer name or reference.

My drafts and the review queue search with `icontains`, which no B-tree index can serve:
the search read every draft of the organisation (or of the queue) and compared strings.

PostgreSQL: a GIN index of trigrams (pg_trgm, through django.contrib.postgres) on the
same expression Django sends, `UPPER(column::text) LIKE UPPER('%...%')`. Creating the
extension needs a role allowed to (docs/operations.md).

SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34+) over the same two
columns, kept by triggers (external content: the text is not stored twice), written in
creditrequests/search.py. QuerySet.matching() narrows the search through it. A later
migration that rebuilds the drafts table on SQLite drops the triggers with the old
table: search.py puts them back after every migrate.

The indexes live only in the database, not in the model's Meta (neither database can
build the other's). Figures in docs/performance.md.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from creditrequests import search

SEARCHED = ("customer_name", "reference")


def _index_name(field: str) -> str:
    return f"draft_{field}_trgm"


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """django.contrib.postgres' operation: forwards skips other databases, backwards did not."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        search.ensure_sqlite_search(schema_editor.connection)
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(
        apps.get_model("creditrequests", "CreditRequestDraft")._meta.db_table
    )
    for field in SEARCHED:
        # The same expression as Django's icontains: UPPER("column"::text) LIKE UPPER(...).
        schema_editor.execute(
            f"CREATE INDEX {schema_editor.quote_name(_index_name(field))} ON {table} "
            f"USING gin ((UPPER({schema_editor.quote_name(field)}::text)) gin_trgm_ops)"
        )


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        search.drop_sqlite_search(schema_editor.connection)
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in SEARCHED:
        schema_editor.execute(
            f"DROP INDEX IF EXISTS {schema_editor.quote_name(_index_name(field))}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("creditrequests", "0010_draft_unsaved_input"),
    ]

    operations = [
        TrigramExtensionOnPostgreSQL(),  # a no-op on databases other than PostgreSQL
        migrations.RunPython(add_indexes, remove_indexes),
    ]
