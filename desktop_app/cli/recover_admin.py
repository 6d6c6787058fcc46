"""`opeka recover-admin`: a new password for an administrator who lost it, for the owner of the data folder only.

No account can sign in to set it, so the proof is the operating system's: on POSIX the data folder and the
database file belong to the effective user running the command (``os.stat(...).st_uid == os.geteuid()``); on
Windows, which has no such owner number, this user may write both (``os.access(..., os.W_OK)``). Whoever passes
can copy, replace or delete the database anyway, so recovery gives them nothing more — it only keeps the office
working and writes into the journal which OS account did it.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.cli.passwords import ask_password, at_terminal, read_password
from desktop_app.domain.errors import AuthenticationError, PermissionDenied, SetupRequired, ValidationError

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths

COMMAND = "recover-admin"
RECOVERY_CODE_VARIABLE = "OPEKA_RECOVERY_CODE"


def add_recover_admin_parser(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    child = command(COMMAND, "задать новый пароль администратору, забывшему свой, и снять блокировку")
    child.epilog = (
        "Запускайте от имени той учётной записи ОС, которой принадлежит папка данных (в Linux — владелец папки"
        " и файла базы; в Windows — пользователь, который может в них писать). Команда задаёт новый пароль,"
        " снимает блокировку и пишет в журнал, какая учётная запись ОС это сделала. Зашифрованную базу"
        " открывает только код восстановления, напечатанный при её шифровании: без него владелец папки"
        " получает лишь зашифрованный файл."
    )
    child.add_argument("--login", metavar="ЛОГИН", help="администратор (можно не указывать, если он один)")
    child.add_argument(
        "--password-file",
        metavar="ФАЙЛ",
        help="файл с новым паролем в первой строке («-» — из stdin); без него пароль спрашивается в терминале",
    )
    child.add_argument(
        "--recovery-code-file",
        metavar="ФАЙЛ",
        help=f"для зашифрованной базы: файл с кодом восстановления, напечатанным при настройке; иначе переменная"
        f" {RECOVERY_CODE_VARIABLE} или ввод в терминале",
    )


def owns_data_folder(paths: DataPaths) -> bool:
    """The current OS user owns the data folder and its database (see the module's docstring for Windows)."""
    targets = (paths.root, paths.database)
    if os.name == "nt":
        return all(os.access(target, os.W_OK) for target in targets)
    uid = os.geteuid()
    return all(os.stat(target).st_uid == uid for target in targets)


def os_account_name() -> str:
    """The OS account as the journal names it: the login of the effective user (its number if it has none)."""
    if os.name == "nt":
        return getpass.getuser()
    import pwd

    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def run_recover_admin(args: argparse.Namespace, paths: DataPaths) -> int:
    from desktop_app.cli.opening import open_for_command, remember_key
    from desktop_app.services.auth import recover_administrator, wrap_database_key

    if not paths.database.is_file():
        raise SetupRequired(f"В папке {paths.root} нет базы данных Опеки-Офлайн: восстанавливать нечего.")
    if not owns_data_folder(paths):
        raise PermissionDenied(
            f"Пароль администратора восстанавливает только владелец папки данных {paths.root}: запустите команду"
            " от имени учётной записи ОС, которой принадлежат папка и файл базы."
        )
    key = _recovered_key(args, paths)  # an encrypted database: the recovery code, the owner's rule is not enough
    password = _new_password(args)
    remember_key(paths, key)
    db = open_for_command(paths)
    try:
        login = recover_administrator(db, os_account_name(), password, args.login)
    finally:
        db.close()
    # the new password opens the encrypted database from now on; the recovery code stays valid
    wrap_database_key(key, paths.root, login, password)
    print(f"Пароль администратора {login} изменён, блокировка снята; запись об этом — в журнале.")
    return 0


def _recovered_key(args: argparse.Namespace, paths: DataPaths) -> bytes | None:
    """The database key unwrapped with the recovery code; None for a plain database. AuthenticationError for a
    wrong code (nothing is changed)."""
    from desktop_app.storage import key_store

    access = key_store.load(paths.root)
    if access is None:
        return None
    if args.recovery_code_file:
        code = read_password(args.recovery_code_file)
    else:
        code = os.environ.get(RECOVERY_CODE_VARIABLE, "")
        if not code and at_terminal():
            code = ask_password("Код восстановления: ")
    if not code.strip():
        raise ValidationError(
            "База данных зашифрована: укажите код восстановления (--recovery-code-file ФАЙЛ, переменная"
            f" {RECOVERY_CODE_VARIABLE} или ввод в терминале)."
        )
    key = access.unlock_with_recovery(code)
    if key is None:
        raise AuthenticationError("Неверный код восстановления: ничего не изменено.")
    return key


def _new_password(args: argparse.Namespace) -> str:
    if args.password_file:
        return read_password(args.password_file)
    if not at_terminal():
        raise ValidationError("Укажите новый пароль в --password-file ФАЙЛ или запустите команду в терминале.")
    first = ask_password("Новый пароль администратора: ")
    if first != ask_password("Повторите пароль: "):
        raise ValidationError("Пароли не совпадают: ничего не изменено.")
    if not first:
        raise ValidationError("Пароль не введён: ничего не изменено.")
    return first
