"""Checks and copies of SQLite files that must not change the file they look at."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from desktop_app.domain.errors import DatabaseProblem

SQLITE_HEADER = b"SQLite format 3\x00"


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can neither write nor create the file, nor leave -wal/-shm files beside it.

    Without a -wal file nobody is writing and the main file holds everything, so it is opened as
    immutable (no locks, no shared-memory file); with one, WAL mode needs the normal read-only open.
    """
    wal = path.with_name(path.name + "-wal")
    options = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return sqlite3.connect(f"{path.as_uri()}?{options}", uri=True)


def preflight(path: Path) -> None:
    """Refuse a file that is not a readable, intact SQLite database, before anything writes to it."""
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except PermissionError:
        raise DatabaseProblem(f"Нет прав на чтение файла базы данных {path}.") from None
    except OSError as exc:
        raise DatabaseProblem(f"Файл базы данных {path} не читается: {exc.strerror or exc}.") from None
    if header != SQLITE_HEADER:
        raise DatabaseProblem(
            f"Файл {path} не является базой данных Опеки-Офлайн или повреждён. Восстановите его из резервной копии."
        )
    try:
        with closing(open_read_only(path)) as connection:
            result = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(f"База данных {path} повреждена ({exc}). Восстановите её из резервной копии.") from None
    if not result or result[0] != "ok":
        raise DatabaseProblem(
            f"База данных {path} повреждена: проверка целостности нашла ошибки. Восстановите её из резервной копии."
        )


def stored_revision(path: Path) -> str | None:
    """The Alembic revision recorded in the file, or None for a file without the version table."""
    with closing(open_read_only(path)) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
    return row[0] if row else None


def backup_copy(source: Path, target_dir: Path, reason: str) -> Path:
    """A consistent copy of ``source`` made with SQLite's online backup API (safe while it is in use)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = target_dir / f"opeka-{reason}-{stamp}.sqlite3"
    try:
        with closing(open_read_only(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)
        raise DatabaseProblem(f"Не удалось сделать резервную копию базы данных в {target_dir}: {exc}.") from None
    return target
