"""What the command line says about signing in, for its help: the commands that work without an account and the
``--user`` and ``--user-password-file`` arguments. Light on purpose: ``opeka --help`` loads it, not the sign-in
itself (cli/sign_in.py)."""

from __future__ import annotations

import argparse

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

# The window's lock-out (domain/accounts.py LockoutPolicy), written out so that the help loads nothing of the
# domain; tests/cli/test_light_command_line.py holds them to the policy.
LOCKOUT_FAILURES = 5
LOCKOUT_MINUTES = 15
LOCKOUT_MINUTES_WORD = "минут"
SIGN_IN_EPILOG = (
    "Команда выполняется после входа, с правами учётной записи, как в окне программы: логин — --user ЛОГИН"
    f" или переменная {USER_VARIABLE}; пароль — --user-password-file ФАЙЛ (первая строка), переменная"
    f" {PASSWORD_VARIABLE} или ввод в терминале (без отображения). После {LOCKOUT_FAILURES} неверных паролей"
    f" подряд учётная запись блокируется на {LOCKOUT_MINUTES} {LOCKOUT_MINUTES_WORD};"
    " каждый вход и каждая неудача записываются в журнал."
)


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
