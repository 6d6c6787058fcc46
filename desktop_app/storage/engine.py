"""The SQLite engine with the pragmas every connection needs.

One engine per database file, and a pool of a single connection: SQLite before 3.51.3 (Python 3.11 ships
3.40) can corrupt a WAL database when two connections write or checkpoint at the same time (the WAL-reset
bug), so a running program keeps exactly one writing connection (the GUI's worker thread and the CLI share it
in turn). Every other connection it opens to the live file is read-only and can neither write nor checkpoint:
the checks at open and after a crash, backups taken before the database is open, the login window's title
(tests/storage/test_single_writer.py); a restore writes only after this connection is closed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from desktop_app.storage import cipher

BUSY_TIMEOUT_MS = 10_000


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


ENCRYPTED_CACHE_KIB = 32_768


def _larger_cache(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")


def make_engine(database: Path, key: bytes | None = None) -> Engine:
    """An engine on ``database`` whose connections use WAL, synchronous=FULL, foreign keys and a busy timeout;
    with ``key``, through SQLCipher, each connection keyed before anything else (storage/cipher.py)."""
    options: dict[str, Any] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    if key is None:
        engine = create_engine(
            f"sqlite:///{database}",
            poolclass=QueuePool,
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
            connect_args=options,
        )
    else:
        engine = create_engine(
            "sqlite://",
            module=sqlcipher,  # SQLAlchemy wraps SQLCipher's errors as it does sqlite3's
            creator=lambda: cipher.connect(database, key, **options),
            poolclass=QueuePool,
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
        )
        cipher.remember_engine_key(engine, key)
        # SQLite's page cache holds pages decrypted: one large enough for the register's scans decrypts each
        # page once rather than on every search (2 MB by default: three times the plain file's cost)
        event.listen(engine, "connect", _larger_cache)
    event.listen(engine, "connect", _set_pragmas)
    return engine
