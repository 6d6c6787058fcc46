"""Opening the database for a command: every command that opens it tells what was recovered after a crash.

An encrypted database (keys/database-access.json beside it) opens only through a sign-in: until every command
signs in with its own options, the account comes from ``OPEKA_USER`` and ``OPEKA_PASSWORD``, with the same
lock-out and journal as the window.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import AuthenticationError
from desktop_app.storage import key_store

if TYPE_CHECKING:
    from desktop_app.storage.database import Database

USER_ENV = "OPEKA_USER"
PASSWORD_ENV = "OPEKA_PASSWORD"


def open_for_command(paths: DataPaths) -> Database:
    """The migrated database of ``paths``; after an abrupt end of the last run, says so on stderr (so that
    ``--json`` output stays one valid document)."""
    # SQLAlchemy and the models load here, not with the command line: the window's sign-in shows first
    from desktop_app.storage.database import open_database

    if key_store.key_file(paths.root).exists():
        from desktop_app.services.database_access import open_signed_in

        db = open_signed_in(paths, *_credentials(), convert=False).db
    else:
        db = open_database(paths)
    if db.recovery_message:
        print(db.recovery_message, file=sys.stderr)
    return db


def _credentials() -> tuple[str, str]:
    login, password = os.environ.get(USER_ENV, ""), os.environ.get(PASSWORD_ENV, "")
    if not login or not password:
        raise AuthenticationError(
            f"База данных зашифрована: укажите пользователя и пароль в переменных {USER_ENV} и {PASSWORD_ENV}."
        )
    return login, password


def unwrapped_key(paths: DataPaths) -> bytes | None:
    """The key of an encrypted database unwrapped without opening it (for read-only checks); None when plain."""
    if not key_store.key_file(paths.root).exists():
        return None
    from desktop_app.services.database_access import unlock_key

    return unlock_key(paths, *_credentials())


def database_key(paths: DataPaths) -> bytes | None:
    """The key of an encrypted database, from a sign-in (``open_for_command``); None for a plain one."""
    if not key_store.key_file(paths.root).exists():
        return None
    db = open_for_command(paths)
    try:
        return db.key
    finally:
        db.close()


def print_recovery_code(code: str) -> None:
    """The recovery code of a database set up encrypted, printed once: it is not kept anywhere readable."""
    if code:
        print("База данных зашифрована. Код восстановления (запишите и храните отдельно от компьютера):")
        print(code)
        print("Он откроет базу данных, если пароль администратора будет утерян.")
