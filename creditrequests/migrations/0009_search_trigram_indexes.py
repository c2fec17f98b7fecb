"""Trigram indexes for searching drafts by customer name or reference (PostgreSQL only).

My drafts and the review queue search with `icontains`, which Django sends to PostgreSQL
as `UPPER(column::text) LIKE UPPER('%...%')`: a B-tree cannot serve a substring, so the
search read every draft of the organisation. A GIN index of trigrams on the same
expression (pg_trgm, through django.contrib.postgres) serves it for 3 characters and
more. Figures in docs/performance.md.

On SQLite this migration does nothing (its search is measured in the same place). The
indexes live only in the database, not in the model's Meta: SQLite cannot build them.
Creating the pg_trgm extension needs a role allowed to (docs/operations.md).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCHED = ("customer_name", "reference")


def _index_name(field: str) -> str:
    return f"draft_{field}_trgm"


def add_indexes(apps, schema_editor):
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
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in SEARCHED:
        schema_editor.execute(
            f"DROP INDEX IF EXISTS {schema_editor.quote_name(_index_name(field))}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("creditrequests", "0008_draft_next_step"),
    ]

    operations = [
        TrigramExtension(),  # a no-op on databases other than PostgreSQL
        migrations.RunPython(add_indexes, remove_indexes),
    ]
