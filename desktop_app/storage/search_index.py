"""The FTS5 trigram indexes over the registers' ``search_key`` columns, as the migrations build them.

An external-content FTS5 table reads its text from the register's own table; triggers keep it in step with every
write (the services', the exchange's bulk Core statements, deletes). SQLite 3.34 brought the trigram tokenizer.
"""

from __future__ import annotations

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
