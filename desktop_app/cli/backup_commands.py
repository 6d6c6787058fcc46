"""`opeka backup` and `opeka restore`: a backup copy made by hand (into backups/, or a chosen folder such as a
USB stick, encrypted with a password if asked) and restoring one after checking it."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor


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
    restore.add_argument("--json", action="store_true", help="вывести итог в формате JSON")


def run_backup(args: argparse.Namespace, paths: DataPaths, actor: Actor, read_password: Callable[[str], str]) -> int:
    from desktop_app.services.backups import make_backup

    password = read_password(args.password_file) if args.password_file else None
    info = make_backup(paths, Path(args.to) if args.to else None, password, actor=actor)
    if args.json:
        print(json.dumps(info.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"Резервная копия записана: {info.path}")
    print(f"Записей: {sum(info.counts.values())}, прикреплённых файлов: {info.attachments}")
    if info.missing_attachments:
        print(f"Не найдено в папке программы файлов: {len(info.missing_attachments)} (в копию не вошли)")
    return 0


def run_restore(args: argparse.Namespace, paths: DataPaths, actor: Actor, read_password: Callable[[str], str]) -> int:
    from desktop_app.services.backups import restore_backup

    password = read_password(args.password_file) if args.password_file else None
    result = restore_backup(paths, Path(args.file), password, actor=actor)
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
