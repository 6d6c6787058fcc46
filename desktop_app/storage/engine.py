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

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

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


def make_engine(database: Path) -> Engine:
    """An engine on ``database`` whose connections use WAL, synchronous=FULL, foreign keys and a busy timeout."""
    engine = create_engine(
        f"sqlite:///{database}",
        poolclass=QueuePool,
        pool_size=1,
        max_overflow=0,
        pool_timeout=60,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine
