"""The database encrypted at rest: SQLCipher 4 (its defaults: AES-256 pages, HMAC-SHA512 per page) through the
``sqlcipher3`` bindings, keyed with a random 32-byte key given raw (``PRAGMA key = "x'…'"``: no key derivation on
each connection; the key itself is wrapped per account, key_store.py).

A database without a key (``key=None``) goes through Python's own sqlite3 exactly as before: an installation made
before encryption opens unchanged until it is converted (``encrypt_copy``). A file is only ever opened through one
of the two libraries at a time: two SQLite libraries in one process do not see each other's POSIX locks.
"""

from __future__ import annotations

import sqlite3
import weakref
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

KEY_BYTES = 32
SQLITE_HEADER = b"SQLite format 3\x00"
# Errors of either library: code that reads a file through one or the other catches both
DatabaseError: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher.DatabaseError)
Error: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
ErrorOrOS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error, OSError)
ErrorOrDecodeOrOS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error, UnicodeDecodeError, OSError)
DatabaseOrDecodeError: tuple[type[Exception], ...] = (
    sqlite3.DatabaseError,
    sqlcipher.DatabaseError,
    UnicodeDecodeError,
)
Connection = Any  # sqlite3.Connection or sqlcipher3's, which has the same methods
# The key of each encrypted database's engine: a copy taken through the engine's connection (backups) is keyed
# with it. Weak: the key goes with the engine. (Not typed as Engine: this module loads without SQLAlchemy.)
_ENGINE_KEYS: weakref.WeakKeyDictionary[Any, bytes] = weakref.WeakKeyDictionary()


def remember_engine_key(engine: Any, key: bytes) -> None:
    _ENGINE_KEYS[engine] = key


def engine_key(engine: Any) -> bytes | None:
    """The key ``engine`` opens its database with; None for an unencrypted database."""
    return _ENGINE_KEYS.get(engine)


def key_pragma(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("the database key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def prepare(connection: Connection, key: bytes) -> None:
    """The key before anything else touches the file; SQLCipher's own log lines never reach the user's terminal."""
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(key_pragma(key))


def connect(database: str | Path, key: bytes | None, **options: Any) -> Connection:
    """A connection to ``database`` (a path, or a ``file:`` URI with ``uri=True``), keyed when ``key`` is given."""
    if key is None:
        return sqlite3.connect(database, **options)
    connection = sqlcipher.connect(str(database), **options)
    try:
        prepare(connection, key)
    except BaseException:
        connection.close()
        raise
    return connection


def is_plain(path: Path) -> bool:
    """True when ``path`` starts as an unencrypted SQLite file does (an encrypted one starts with random bytes)."""
    with path.open("rb") as stream:
        return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def encrypt_copy(plain: Path, target: Path, key: bytes) -> None:
    """A new encrypted file ``target`` holding everything in the unencrypted database ``plain`` (SQLCipher's
    ``sqlcipher_export``: schema, rows, user_version); ``plain`` is only read."""
    if target.exists():
        raise FileExistsError(target)
    source = sqlcipher.connect(f"{plain.as_uri()}?mode=ro", uri=True)
    try:
        source.execute("PRAGMA cipher_log_level = NONE")
        source.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), key_literal(key)))
        source.execute("SELECT sqlcipher_export('encrypted')")
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()


def key_literal(key: bytes) -> str:
    """The key as SQLCipher reads a raw key in ATTACH … KEY: ``x'…'`` (no key derivation)."""
    if len(key) != KEY_BYTES:
        raise ValueError("the database key is 32 bytes")
    return f"x'{key.hex()}'"
