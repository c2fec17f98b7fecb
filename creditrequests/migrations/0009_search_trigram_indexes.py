"""Trigram indexes for searching drafts by customer name or reference.

My drafts and the review queue search with `icontains`, which no B-tree index can serve:
the search read every draft of the organisation (or of the queue) and compared strings.

PostgreSQL: a GIN index of trigrams (pg_trgm, through django.contrib.postgres) on the
same expression Django sends, `UPPER(column::text) LIKE UPPER('%...%')`. Creating the
extension needs a role allowed to (docs/operations.md).

SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34+) over the same two
columns, kept by triggers (external content: the text is not stored twice).
QuerySet.matching() narrows the search through it. A later migration that rebuilds the
drafts table on SQLite drops the triggers with the old table:
test_a_draft_saved_now_is_found_by_search catches that.

The indexes live only in the database, not in the model's Meta (neither database can
build the other's). Figures in docs/performance.md.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCHED = ("customer_name", "reference")


def _index_name(field: str) -> str:
    return f"draft_{field}_trgm"


SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE draft_search USING fts5(customer_name, reference, "
    "content='creditrequests_creditrequestdraft', content_rowid='id', tokenize='trigram')",
    "INSERT INTO draft_search(draft_search) VALUES ('rebuild')",
    "CREATE TRIGGER draft_search_insert AFTER INSERT ON creditrequests_creditrequestdraft BEGIN "
    "INSERT INTO draft_search(rowid, customer_name, reference) "
    "VALUES (new.id, new.customer_name, new.reference); END",
    "CREATE TRIGGER draft_search_delete AFTER DELETE ON creditrequests_creditrequestdraft BEGIN "
    "INSERT INTO draft_search(draft_search, rowid, customer_name, reference) "
    "VALUES ('delete', old.id, old.customer_name, old.reference); END",
    # Every save writes every column: only a changed name or reference touches the index.
    "CREATE TRIGGER draft_search_update AFTER UPDATE OF customer_name, reference "
    "ON creditrequests_creditrequestdraft "
    "WHEN old.customer_name IS NOT new.customer_name OR old.reference IS NOT new.reference "
    "BEGIN "
    "INSERT INTO draft_search(draft_search, rowid, customer_name, reference) "
    "VALUES ('delete', old.id, old.customer_name, old.reference); "
    "INSERT INTO draft_search(rowid, customer_name, reference) "
    "VALUES (new.id, new.customer_name, new.reference); END",
]
SQLITE_SEARCH_REMOVED = [
    "DROP TRIGGER IF EXISTS draft_search_insert",
    "DROP TRIGGER IF EXISTS draft_search_delete",
    "DROP TRIGGER IF EXISTS draft_search_update",
    "DROP TABLE IF EXISTS draft_search",
]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_SEARCH:
            schema_editor.execute(statement)
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
        for statement in SQLITE_SEARCH_REMOVED:
            schema_editor.execute(statement)
        return
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
