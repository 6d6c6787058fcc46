"""A folder import's bulk mode changes only how SQLite keeps its log and cache, and puts both back after."""

from __future__ import annotations

from desktop_app.storage.database import BULK_CACHE_KIB, BULK_CHECKPOINT_PAGES, DEFAULT_CHECKPOINT_PAGES, Database


def _pragma(db: Database, name: str) -> int:
    with db.engine.connect() as connection:
        return int(connection.exec_driver_sql(f"PRAGMA {name}").scalar())


def test_bulk_writes_set_and_restore_the_log_and_cache(demo_db: Database) -> None:
    cache = _pragma(demo_db, "cache_size")
    with demo_db.bulk_writes():
        assert _pragma(demo_db, "wal_autocheckpoint") == BULK_CHECKPOINT_PAGES
        assert _pragma(demo_db, "cache_size") == -BULK_CACHE_KIB
    assert _pragma(demo_db, "wal_autocheckpoint") == DEFAULT_CHECKPOINT_PAGES
    assert _pragma(demo_db, "cache_size") == cache
