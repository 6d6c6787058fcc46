"""What a preview's plan was made from, so the apply can tell whether it may carry it out as it is.

A preview reads the file and compares it with the database; the apply writes what the preview planned instead of
planning again (at the region planning costs as much as writing). That is right only while neither side has
moved: the file must be the very bytes the preview read, and the database must hold what it held then. The file
is told by its size and modification time (and, when the apply runs in a transaction of its own, by its SHA-256),
the database by the data version of its one connection: a token of the connection itself, the number of rows it
has changed since it was opened (``total_changes()``, which grows with every write, committed or not) and SQLite's
``PRAGMA data_version`` (which moves when another connection commits).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

_TOKEN = "opeka.connection_token"  # in the DBAPI connection's info: one value for the connection's life


@dataclass(frozen=True)
class PlanBasis:
    file_size: int
    file_mtime_ns: int
    database: tuple[str, int, int]  # (connection token, total_changes(), data_version)


def file_stamp(path: Path) -> tuple[int, int]:
    """The file's size and modification time (nanoseconds); (-1, -1) when it cannot be read."""
    try:
        found = os.stat(path)
    except OSError:
        return (-1, -1)
    return (found.st_size, found.st_mtime_ns)


def data_version(session: Session) -> tuple[str, int, int]:
    """The database as this session's connection sees it: equal values mean nothing was written in between."""
    connection = session.connection()
    token = connection.connection.info.setdefault(_TOKEN, uuid.uuid4().hex)
    changes = connection.exec_driver_sql("SELECT total_changes()").scalar_one()
    version = connection.exec_driver_sql("PRAGMA data_version").scalar_one()
    return (str(token), int(changes), int(version))


def basis_of(session: Session, path: Path, stamp: tuple[int, int]) -> PlanBasis:
    """The basis of a plan made in ``session`` from ``path``, whose stamp was taken before it was read."""
    return PlanBasis(stamp[0], stamp[1], data_version(session))


def file_unchanged(basis: PlanBasis, path: Path) -> bool:
    """Whether ``path`` still has the size and modification time the preview saw."""
    return basis.file_size >= 0 and file_stamp(path) == (basis.file_size, basis.file_mtime_ns)


def database_unchanged(basis: PlanBasis, session: Session) -> bool:
    """Whether nothing was written to the database since the plan was made (through any connection)."""
    return data_version(session) == basis.database
