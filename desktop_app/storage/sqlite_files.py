"""Checks and copies of SQLite files that must not change the file they look at."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.storage import cipher

SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite names a damaged schema in its message; when the names are not UTF-8, Python cannot even raise the
# error and raises UnicodeDecodeError instead: that is a damaged file too.
_UNREADABLE_SCHEMA = "схема базы данных не читается"


def open_read_only(path: Path, key: bytes | None = None) -> cipher.Connection:
    """A connection that can neither write nor create the file, nor leave -wal/-shm files beside it; keyed
    (SQLCipher) when ``key`` is given.

    Without a -wal file nobody is writing and the main file holds everything, so it is opened as
    immutable (no locks, no shared-memory file); with one, WAL mode needs the normal read-only open.
    """
    wal = path.with_name(path.name + "-wal")
    options = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return cipher.connect(f"{path.as_uri()}?{options}", key, uri=True)


def _read_only(path: Path, key: bytes | None) -> cipher.Connection:
    # through the module's name: a test replaces ``open_read_only`` to make the disk fail
    return open_read_only(path) if key is None else open_read_only(path, key)


_CORRUPTION_MARKERS = ("malformed", "not a database", "file is encrypted", "corrupt")


def is_corruption(exc: Exception) -> bool:
    """True for errors that mean the file's contents are damaged, not that the disk or folder is unusable."""
    text = str(exc).lower()
    return any(marker in text for marker in _CORRUPTION_MARKERS)


def failure_kind(exc: BaseException) -> str:
    """Why SQLite failed, from its message: "locked", "read_only", "disk", "cannot_open" or "other".

    One classifier for opening and for writing, so both say the same about the same cause.
    """
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "locked"
    if "readonly" in text or "read-only" in text:
        return "read_only"
    if "disk" in text and ("full" in text or "i/o" in text):
        return "disk"
    if "unable to open" in text:
        return "cannot_open"
    return "other"


_REASONS = {
    "disk": "диск заполнен или недоступен",
    "locked": "база занята другой копией программы",
    "read_only": "папка данных доступна только для чтения",
    "cannot_open": "файл базы данных не открывается: нет доступа к папке данных или диск недоступен",
}


def describe_failure(exc: BaseException) -> str:
    """A short Russian reason for a failure of SQLite or of the disk under it, for «…: reason.» in a message;
    SQLite's own English («database or disk is full») never reaches the user for a cause the program knows."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return describe_os_error(exc)
    return _REASONS.get(failure_kind(exc), str(exc))


_OPEN_REASONS = {
    "read_only": "папка данных доступна только для чтения",
    "locked": "база занята другой копией программы",
}


def access_problem(path: Path, exc: Exception) -> DatabaseProblem:
    """The disk or folder, not the file, is the problem: never advise restoring a backup for that."""
    reason = _OPEN_REASONS.get(failure_kind(exc), "диск заполнен, недоступен или нет прав на папку данных")
    return DatabaseProblem(
        f"Не удалось открыть базу данных {path}: {reason}. Файл не изменён; устраните причину и повторите."
    )


def preflight(path: Path, key: bytes | None = None) -> None:
    """Refuse a file that is not a readable, intact SQLite database, before anything writes to it; with ``key``,
    an encrypted one that this key opens."""
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except PermissionError:
        raise DatabaseProblem(f"Нет прав на чтение файла базы данных {path}.") from None
    except IsADirectoryError:
        raise DatabaseProblem(f"На месте файла базы данных {path} находится папка.") from None
    except OSError as exc:
        raise access_problem(path, exc) from None
    if key is not None and header == SQLITE_HEADER:
        raise DatabaseProblem(f"Файл {path} не зашифрован, а ожидалась зашифрованная база данных; файл не изменён.")
    if key is None and header != SQLITE_HEADER:
        raise DatabaseProblem(
            f"Файл {path} не является базой данных Опеки-Офлайн или повреждён. Восстановите его из резервной копии."
        )
    try:
        with closing(_read_only(path, key)) as connection:
            result = connection.execute("PRAGMA quick_check").fetchone()
    except cipher.DatabaseError as exc:
        if not is_corruption(exc):
            raise access_problem(path, exc) from None
        raise DatabaseProblem(f"База данных {path} повреждена ({exc}). Восстановите её из резервной копии.") from None
    except UnicodeDecodeError:
        raise DatabaseProblem(
            f"База данных {path} повреждена ({_UNREADABLE_SCHEMA}). Восстановите её из резервной копии."
        ) from None
    if not result or result[0] != "ok":
        raise DatabaseProblem(
            f"База данных {path} повреждена: проверка целостности нашла ошибки. Восстановите её из резервной копии."
        )


def stored_revision(path: Path, key: bytes | None = None) -> str | None:
    """The Alembic revision recorded in the file, or None for a file without the version table."""
    with closing(_read_only(path, key)) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except cipher.DatabaseOrDecodeError:  # no such table, or a schema too damaged to say
            return None
    return row[0] if row else None


def integrity_problems(path: Path, key: bytes | None = None) -> list[str]:
    """SQLite's full integrity check and the foreign-key check, read-only; problems in Russian."""
    try:
        with closing(_read_only(path, key)) as connection:
            integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            broken_links = connection.execute("PRAGMA foreign_key_check").fetchall()
            installations = connection.execute("SELECT count(*) FROM installation").fetchone()[0]
    except cipher.DatabaseError as exc:
        if is_corruption(exc):
            return [f"Файл повреждён: {exc}"]
        return [access_problem(path, exc).message]
    except UnicodeDecodeError:
        return [f"Файл повреждён: {_UNREADABLE_SCHEMA}"]
    problems = [f"Целостность файла: {line}" for line in integrity[:20] if line != "ok"]
    problems += [
        f"Таблица {table}, строка {rowid}: ссылка на отсутствующую запись в {parent}"
        for table, rowid, parent, _key in broken_links[:50]
    ]
    if installations != 1:
        problems.append("В базе должна быть ровно одна запись об установке.")
    return problems
