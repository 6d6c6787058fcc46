"""Opening the database for a command: every command that opens it tells what was recovered after a crash.

An encrypted database (database-access.json beside it) opens only with the key that the command's sign-in
unwrapped (cli/sign_in.py): it is kept in this process for the command's own opening, never written anywhere.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import AuthenticationError
from desktop_app.storage import key_store

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths
    from desktop_app.storage.database import Database

ENCRYPTED_WITHOUT_SIGN_IN = (
    "База данных зашифрована: команда открывает её только после входа — укажите логин (--user ЛОГИН или переменная"
    " OPEKA_USER) и пароль (--user-password-file ФАЙЛ, переменная OPEKA_PASSWORD или ввод в терминале)."
)
_KEYS: dict[Path, bytes] = {}  # data folder → the key its sign-in unwrapped, for this process's one command
_OPENED: dict[Path, Database] = {}  # data folder → the database its sign-in opened, for the command after it


def is_encrypted(paths: DataPaths) -> bool:
    return key_store.key_file(paths.root).exists()


def remember_key(paths: DataPaths, key: bytes | None) -> None:
    """The key the sign-in unwrapped, for the command that follows it in this process."""
    if key is not None:
        _KEYS[paths.root] = key


def hand_over(paths: DataPaths, db: Database) -> None:
    """The database the sign-in opened (with its day's copy started), for the command that follows it in this
    process: that command's ``open_for_command`` takes it instead of opening the file a second time."""
    _OPENED[paths.root] = db


def database_key(paths: DataPaths) -> bytes | None:
    """The key of an encrypted database, unwrapped by this command's sign-in; None for a plain database.
    AuthenticationError when the database is encrypted and nobody signed in."""
    if not is_encrypted(paths):
        return None
    key = _KEYS.get(paths.root)
    if key is None:
        raise AuthenticationError(ENCRYPTED_WITHOUT_SIGN_IN)
    return key


def open_for_command(paths: DataPaths, *, daily_copy: bool = True) -> Database:
    """The migrated database of ``paths``; after an abrupt end of the last run, says so on stderr (so that
    ``--json`` output stays one valid document). ``daily_copy``: see open_database."""
    db = _OPENED.pop(paths.root, None)
    if db is None:
        # SQLAlchemy and the models load here, not with the command line: the window's sign-in shows first
        from desktop_app.storage.database import open_database

        db = open_database(paths, daily_copy=daily_copy, key=database_key(paths))
    if db.recovery_message:
        print(db.recovery_message, file=sys.stderr)
    return db


def print_recovery_code(code: str) -> None:
    """The recovery code of a database set up encrypted, printed once: it is not kept anywhere readable."""
    if code:
        print("База данных зашифрована. Код восстановления (запишите и храните отдельно от компьютера):")
        print(code)
        print("Он откроет базу данных, если пароль администратора будет утерян (opeka recover-admin).")
