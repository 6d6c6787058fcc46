"""Signing in on the command line: the window's accounts, rights, lock-out and journal, for every data command.

The login is ``--user ЛОГИН`` or ``OPEKA_USER``; the password comes from ``--user-password-file ФАЙЛ`` (its first
line), ``OPEKA_PASSWORD`` (for scripts) or, when a person is at the terminal, is asked for without echo. The check
is services/auth.py ``AuthService.login``, exactly as the login dialog calls it: five wrong passwords lock the
account for fifteen minutes, and every attempt is in the journal. ``--password-file`` of ``init``, ``user``,
``backup``, ``restore`` and ``keys`` stays what it was (the password being set or protecting a file), so the
sign-in password has a name of its own.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.cli.passwords import ask_password, at_terminal, read_password
from desktop_app.cli.sign_in_help import PASSWORD_VARIABLE, USER_VARIABLE
from desktop_app.domain.errors import SetupRequired, UserError

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths
    from desktop_app.domain.actor import Actor

MISSING_CREDENTIALS = (
    "Команда выполняется только после входа: укажите логин (--user ЛОГИН или переменная OPEKA_USER) и пароль"
    " (--user-password-file ФАЙЛ, переменная OPEKA_PASSWORD или ввод в терминале)."
)


class SignInRequired(UserError):
    """A data command was run without a login or password (exit code 2, as for a missing argument)."""

    exit_code = 2


def sign_in(
    args: argparse.Namespace, paths: DataPaths, *, keep_open: bool = False, meanwhile: Callable[[], None] | None = None
) -> Actor:
    """The signed-in user for this command; SignInRequired without credentials, AuthenticationError (the window's
    message, counted towards the lock-out) for wrong ones. ``keep_open``: the encrypted database the sign-in
    opened stays open (its day's copy started, as the command's own opening would) for the command's
    ``open_for_command`` (cli/opening.py), which then does not open the file again. On an encrypted installation
    the password's key derivation (Argon2id, which lets go of the interpreter) starts first, in a thread of its
    own (services/unlocking.py), and the database's modules are imported meanwhile; so is ``meanwhile``: what
    the command needs beyond the sign-in."""
    if not paths.database.is_file():  # the same answer with or without credentials: nothing to sign in to
        raise SetupRequired("Установка не настроена: сначала выполните opeka init или opeka demo.")
    login, password = _credentials(args)
    from desktop_app.cli.opening import hand_over, is_encrypted, open_for_command, remember_key

    if is_encrypted(paths):  # the password unwraps the database key first (services/database_access.py)
        from desktop_app.services.unlocking import start_unlocking

        unlocking = start_unlocking(paths, login, password)
        # SQLAlchemy and the models, while the key is derived; the thread itself imports nothing
        from desktop_app.services.database_access import open_signed_in, prepare_sign_in

        prepare_sign_in()
        if meanwhile is not None:
            meanwhile()
        signed = open_signed_in(paths, login, password, convert=False, daily_copy=keep_open, unlocking=unlocking)
        remember_key(paths, signed.db.key)
        if keep_open:
            hand_over(paths, signed.db)
        else:
            signed.db.close()
        return signed.actor
    from desktop_app.services.auth import AuthService

    db = open_for_command(paths, daily_copy=False)
    try:
        return AuthService(db).login(login, password)
    finally:
        db.close()


def _credentials(args: argparse.Namespace) -> tuple[str, str]:
    login = (getattr(args, "user", None) or os.environ.get(USER_VARIABLE, "")).strip()
    if not login and at_terminal():
        print("Логин: ", end="", file=sys.stderr, flush=True)
        login = sys.stdin.readline().strip()
    if not login:
        raise SignInRequired(MISSING_CREDENTIALS)
    source = getattr(args, "user_password_file", None)
    if source:
        return login, read_password(source)
    password = os.environ.get(PASSWORD_VARIABLE, "")
    if not password and at_terminal():
        password = ask_password(f"Пароль пользователя {login}: ")
    if not password:
        raise SignInRequired(MISSING_CREDENTIALS)
    return login, password
