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
from typing import TYPE_CHECKING

from desktop_app.cli.passwords import ask_password, at_terminal, read_password
from desktop_app.core.paths import DataPaths
from desktop_app.domain.accounts import LockoutPolicy, minutes_word
from desktop_app.domain.errors import SetupRequired, UserError

if TYPE_CHECKING:
    from desktop_app.domain.actor import Actor

USER_VARIABLE = "OPEKA_USER"
PASSWORD_VARIABLE = "OPEKA_PASSWORD"

# What works without an account, and why: shown in each one's --help. Everything else signs in.
OPEN_COMMANDS: dict[str | None, str] = {
    None: "окно программы спрашивает логин и пароль само",
    "gui": "окно программы спрашивает логин и пароль само",
    "init": "без входа: работает только с пустой папкой и создаёт в ней первого администратора",
    "demo": "без входа: работает только с пустой папкой, создаёт демонстрационную установку и печатает её учётные"
    " записи",
    "self-test": "без входа: проверяет окно программы на временных демонстрационных данных, не на ваших",
    "check": "без входа: только читает файл базы и печатает найденные ошибки — без имён, телефонов и адресов"
    " (зашифрованную базу — после входа: её открывает только вход)",
    "info": "без входа: печатает сведения об установке, версии, число записей и утверждённую программу (--json),"
    " но ни одного имени, телефона или адреса (зашифрованную базу — после входа)",
    "recover-admin": "без входа: только для учётной записи ОС — владельца папки данных, а для зашифрованной базы"
    " — ещё и с кодом восстановления",
}

_POLICY = LockoutPolicy()  # the window's: the same numbers in the help as in the sign-in
SIGN_IN_EPILOG = (
    "Команда выполняется после входа, с правами учётной записи, как в окне программы: логин — --user ЛОГИН"
    f" или переменная {USER_VARIABLE}; пароль — --user-password-file ФАЙЛ (первая строка), переменная"
    f" {PASSWORD_VARIABLE} или ввод в терминале (без отображения). После {_POLICY.max_failures} неверных паролей"
    f" подряд учётная запись блокируется на {_POLICY.lock_minutes} {minutes_word(_POLICY.lock_minutes)};"
    " каждый вход и каждая неудача записываются в журнал."
)

MISSING_CREDENTIALS = (
    "Команда выполняется только после входа: укажите логин (--user ЛОГИН или переменная OPEKA_USER) и пароль"
    " (--user-password-file ФАЙЛ, переменная OPEKA_PASSWORD или ввод в терминале)."
)


class SignInRequired(UserError):
    """A data command was run without a login or password (exit code 2, as for a missing argument)."""

    exit_code = 2


def needs_sign_in(command: str | None) -> bool:
    return command not in OPEN_COMMANDS


def add_sign_in_arguments(parser: argparse.ArgumentParser, default: object = None) -> None:
    """``--user`` and ``--user-password-file``: before the command (``default`` None) or after it (SUPPRESS, so
    that the value given before the command is not overwritten)."""
    group = parser.add_argument_group("вход")
    group.add_argument(
        "--user", metavar="ЛОГИН", default=default, help=f"логин пользователя (иначе — переменная {USER_VARIABLE})"
    )
    group.add_argument(
        "--user-password-file",
        metavar="ФАЙЛ",
        default=default,
        help=f"файл, в первой строке которого пароль пользователя («-» — из stdin); иначе переменная"
        f" {PASSWORD_VARIABLE} или ввод в терминале",
    )


def sign_in(args: argparse.Namespace, paths: DataPaths) -> Actor:
    """The signed-in user for this command; SignInRequired without credentials, AuthenticationError (the window's
    message, counted towards the lock-out) for wrong ones."""
    if not paths.database.is_file():  # the same answer with or without credentials: nothing to sign in to
        raise SetupRequired("Установка не настроена: сначала выполните opeka init или opeka demo.")
    login, password = _credentials(args)
    from desktop_app.cli.opening import is_encrypted, open_for_command, remember_key
    from desktop_app.services.auth import AuthService

    if is_encrypted(paths):  # the password unwraps the database key first (services/database_access.py)
        from desktop_app.services.database_access import open_signed_in

        signed = open_signed_in(paths, login, password, convert=False, daily_copy=False)
        remember_key(paths, signed.db.key)
        signed.db.close()
        return signed.actor
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
