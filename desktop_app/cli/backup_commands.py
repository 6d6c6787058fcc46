"""`opeka backup` and `opeka restore`: a backup copy made by hand (into backups/, or a chosen folder such as a
USB stick, encrypted with a password if asked) and restoring one after checking it."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths
    from desktop_app.domain.actor import Actor
    from desktop_app.services.restore_target import OtherInstallation


def add_backup_parsers(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    backup = command("backup", "сделать резервную копию базы данных и прикреплённых файлов")
    backup.add_argument("--to", metavar="ПАПКА", help="папка для копии, например флешка (по умолчанию — backups/)")
    backup.add_argument(
        "--password-file", metavar="ФАЙЛ", help="зашифровать копию паролем из файла (или «-» — из stdin)"
    )
    backup.add_argument("--json", action="store_true", help="вывести итог в формате JSON")
    restore = command("restore", "восстановить базу данных и файлы из резервной копии (после проверки копии)")
    restore.add_argument("file", metavar="ФАЙЛ", help="файл резервной копии (.zip или .zip.sealed)")
    restore.add_argument("--password-file", metavar="ФАЙЛ", help="пароль зашифрованной копии (или «-» — из stdin)")
    restore.add_argument(
        "--force",
        action="store_true",
        help="восстановить без вопроса копию другой установки (региона или другого муниципального образования)",
    )
    restore.add_argument("--json", action="store_true", help="вывести итог в формате JSON")


def run_backup(args: argparse.Namespace, paths: DataPaths, actor: Actor, read_password: Callable[[str], str]) -> int:
    from desktop_app.cli.opening import database_key
    from desktop_app.services.backups import make_backup

    password = read_password(args.password_file) if args.password_file else None
    info = make_backup(paths, Path(args.to) if args.to else None, password, actor=actor, key=database_key(paths))
    if args.json:
        print(json.dumps(info.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"Резервная копия записана: {info.path}")
    print(f"Записей: {sum(info.counts.values())}, прикреплённых файлов: {info.attachments}")
    if info.missing_attachments:
        print(f"Не найдено в папке программы файлов: {len(info.missing_attachments)} (в копию не вошли)")
    return 0


def run_restore(args: argparse.Namespace, paths: DataPaths, actor: Actor, read_password: Callable[[str], str]) -> int:
    from desktop_app.cli.opening import database_key
    from desktop_app.services.backups import restore_backup
    from desktop_app.services.restore_target import OtherInstallation

    password = read_password(args.password_file) if args.password_file else None
    key = database_key(paths)
    try:
        result = restore_backup(paths, Path(args.file), password, actor=actor, other_installation=args.force, key=key)
    except OtherInstallation as other:
        if not _agreed(other):
            raise UserError(f"{other.message} Чтобы восстановить её сюда, повторите с --force.") from None
        result = restore_backup(paths, Path(args.file), password, actor=actor, other_installation=True, key=key)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"Копия проверена и восстановлена: {result.source} (сделана {result.made_at}).")
    if result.previous_state is not None:
        print(f"Прежнее состояние сохранено: {result.previous_state}")
    print(f"Записей: {sum(result.counts.values())}, восстановлено прикреплённых файлов: {result.attachments_restored}")
    if result.migrates_on_open:
        print("Копия сделана прежней версией программы: структура базы обновится при следующем запуске.")
    return 0


def _agreed(other: OtherInstallation) -> bool:
    """Asked at a terminal, naming both installations; a script (no terminal) is never taken to agree."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    print(other.question.replace("Восстановить всё же?", "Восстановить всё же? [да/нет]"), end=" ", flush=True)
    answer = sys.stdin.readline().strip().casefold()
    return answer in {"да", "д", "yes", "y"}
