"""The SQLite half of the draft search: an FTS5 trigram table kept by triggers.

Migration 0011 creates it (PostgreSQL gets a GIN trigram index there instead), and
QuerySet.matching() reads it. When a later migration changes the drafts table on SQLite,
Django rebuilds the table (new table, copy, drop the old one, rename) and the triggers
go with the old table: new drafts would silently stop being found. So after every
`migrate` (post_migrate, connected in apps.py) the table and its triggers are checked and,
when anything is missing, created again and the index rebuilt from the drafts.
"""

DRAFTS = "creditrequests_creditrequestdraft"  # written out in the statements below
MIGRATION_SUFFIX = "_search_trigram_indexes"  # the migration that introduced it (0011)

CREATE = {
    "draft_search": (
        "CREATE VIRTUAL TABLE IF NOT EXISTS draft_search USING fts5(customer_name, reference, "
        "content='creditrequests_creditrequestdraft', content_rowid='id', tokenize='trigram')"
    ),
    "draft_search_insert": (
        "CREATE TRIGGER IF NOT EXISTS draft_search_insert "
        "AFTER INSERT ON creditrequests_creditrequestdraft BEGIN "
        "INSERT INTO draft_search(rowid, customer_name, reference) "
        "VALUES (new.id, new.customer_name, new.reference); END"
    ),
    "draft_search_delete": (
        "CREATE TRIGGER IF NOT EXISTS draft_search_delete "
        "AFTER DELETE ON creditrequests_creditrequestdraft BEGIN "
        "INSERT INTO draft_search(draft_search, rowid, customer_name, reference) "
        "VALUES ('delete', old.id, old.customer_name, old.reference); END"
    ),
    # Every save writes every column: only a changed name or reference touches the index.
    "draft_search_update": (
        "CREATE TRIGGER IF NOT EXISTS draft_search_update "
        "AFTER UPDATE OF customer_name, reference ON creditrequests_creditrequestdraft "
        "WHEN old.customer_name IS NOT new.customer_name OR old.reference IS NOT new.reference "
        "BEGIN "
        "INSERT INTO draft_search(draft_search, rowid, customer_name, reference) "
        "VALUES ('delete', old.id, old.customer_name, old.reference); "
        "INSERT INTO draft_search(rowid, customer_name, reference) "
        "VALUES (new.id, new.customer_name, new.reference); END"
    ),
}
DROP = [
    "DROP TRIGGER IF EXISTS draft_search_insert",
    "DROP TRIGGER IF EXISTS draft_search_delete",
    "DROP TRIGGER IF EXISTS draft_search_update",
    "DROP TABLE IF EXISTS draft_search",
]


def ensure_sqlite_search(connection) -> bool:
    """Create whatever is missing of the table and its triggers, then rebuild the index.

    True when something was missing. Does nothing on other databases, or before the
    drafts table exists.
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = %s OR name LIKE 'draft_search%%'",
            [DRAFTS],
        )
        present = {row[0] for row in cursor.fetchall()}
        if DRAFTS not in present or set(CREATE) <= present:
            return False
        for statement in CREATE.values():
            cursor.execute(statement)
        cursor.execute("INSERT INTO draft_search(draft_search) VALUES ('rebuild')")
    return True


def drop_sqlite_search(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in DROP:
            cursor.execute(statement)


def repair_after_migrate(sender, using, plan=None, **kwargs) -> None:
    """post_migrate: bring back the search table's triggers after a table rebuild."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    applied = MigrationRecorder(connection).applied_migrations()
    if any(app == "creditrequests" and name.endswith(MIGRATION_SUFFIX) for app, name in applied):
        ensure_sqlite_search(connection)
