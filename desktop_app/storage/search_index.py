"""The FTS5 trigram indexes over the registers' ``search_key`` columns, as the migrations build them.

An external-content FTS5 table reads its text from the register's own table; triggers keep it in step with every
write (the services', the exchange's bulk Core statements, deletes). SQLite 3.34 brought the trigram tokenizer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection


def has_trigram(bind: Connection) -> bool:
    version = tuple(int(part) for part in str(bind.exec_driver_sql("SELECT sqlite_version()").scalar()).split("."))
    fts5 = bind.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar()
    return version >= (3, 34) and bool(fts5)


def fts_statements(table_name: str) -> tuple[str, ...]:
    """The FTS5 trigram index over ``table_name.search_key`` and the triggers that keep it in step with every
    write (the services', the exchange's bulk Core statements, deletes)."""
    fts = f"{table_name}_fts"
    return (
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_key, content='{table_name}', tokenize='trigram')",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table_name} BEGIN"
        f" INSERT INTO {fts}(rowid, search_key) VALUES (new.rowid, new.search_key); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table_name} BEGIN"
        f" INSERT INTO {fts}({fts}, rowid, search_key) VALUES ('delete', old.rowid, old.search_key); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search_key ON {table_name} BEGIN"
        f" INSERT INTO {fts}({fts}, rowid, search_key) VALUES ('delete', old.rowid, old.search_key);"
        f" INSERT INTO {fts}(rowid, search_key) VALUES (new.rowid, new.search_key); END",
    )


def drop_statements(table_name: str) -> tuple[str, ...]:
    fts = f"{table_name}_fts"
    return (
        f"DROP TRIGGER IF EXISTS {fts}_update",
        f"DROP TRIGGER IF EXISTS {fts}_delete",
        f"DROP TRIGGER IF EXISTS {fts}_insert",
        f"DROP TABLE IF EXISTS {fts}",
    )


# below this many rows the per-row trigger is cheaper than changing the schema for the statement
BULK_INDEX_ROWS = 200


@contextmanager
def search_index_filled_after(connection: Connection, table_name: str, rows: int) -> Iterator[None]:
    """Rows inserted into ``table_name`` inside the block reach its search index in one statement at the block's end
    instead of one trigger run each: a district's bundle of a thousand families is written in a third of the time.

    Inside the caller's transaction the insert trigger is dropped and made again after the index is filled, so a
    rollback (a failed import, a power cut) leaves the trigger as it was. Only inside a transaction already begun
    (the sqlite3 module begins one before a write, not before DDL, which would then be committed on its own), for
    ``rows`` of ``BULK_INDEX_ROWS`` or more, on SQLite, and where the index exists. New rows take rowids above the
    largest (SQLite's rule while the largest is below 2^63 - 1); past 2^62 the trigger is kept, to be safe."""
    fts = f"{table_name}_fts"
    if (
        rows < BULK_INDEX_ROWS
        or connection.dialect.name != "sqlite"
        or not _in_transaction(connection)
        or not _has_trigger(connection, f"{fts}_insert")
    ):
        yield
        return
    largest = connection.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {table_name}").scalar_one()
    if largest >= 2**62:
        yield
        return
    (create_trigger,) = [statement for statement in fts_statements(table_name) if f"TRIGGER {fts}_insert " in statement]
    connection.exec_driver_sql(f"DROP TRIGGER {fts}_insert")
    yield
    connection.exec_driver_sql(
        f"INSERT INTO {fts}(rowid, search_key) SELECT rowid, search_key FROM {table_name} WHERE rowid > ?",
        (largest,),
    )
    connection.exec_driver_sql(create_trigger)


def _in_transaction(connection: Connection) -> bool:
    return bool(getattr(connection.connection.driver_connection, "in_transaction", False))


def _has_trigger(connection: Connection, name: str) -> bool:
    found = connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,))
    return found.first() is not None
