"""`opeka keys`: the installation's exchange keys — their fingerprints, a password-protected backup, and
restoring that backup on a new computer (so that the region keeps accepting this district's bundles). The private
keys are the installation's identity: only an administrator copies them out or puts them back."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths
    from desktop_app.domain.actor import Actor


def add_keys_parser(command: Callable[[str, str], argparse.ArgumentParser], read_password_help: str) -> None:
    keys = command("keys", "ключи обмена: отпечатки, резервная копия, восстановление")
    keys.add_argument(
        "action", choices=["show", "export", "restore"], help="show — отпечатки; export — копия; restore — восстановить"
    )
    keys.add_argument("file", nargs="?", metavar="ФАЙЛ", help="файл резервной копии (для export и restore)")
    keys.add_argument("--password-file", metavar="ФАЙЛ", help=read_password_help)
    keys.add_argument("--json", action="store_true", help="вывести в формате JSON")


def run_keys(args: argparse.Namespace, paths: DataPaths, actor: Actor, read_password: Callable[[str], str]) -> int:
    from desktop_app.domain.errors import PermissionDenied, UserError
    from desktop_app.domain.roles import Permission
    from desktop_app.sync.keys import export_keys, fingerprint, import_keys, save_keys
    from desktop_app.sync.setup import ensure_keys

    if not paths.database.exists():
        raise UserError("Установка не настроена: сначала выполните opeka init или opeka demo.")
    actor.require(Permission.VIEW_DATA)
    if args.action in ("export", "restore") and not actor.can(Permission.MANAGE_USERS):
        raise PermissionDenied(
            f"Роль «{actor.role.label}» не даёт права копировать и восстанавливать ключи обмена: это делает"
            " администратор."
        )
    if args.action in ("export", "restore") and (not args.file or not args.password_file):
        raise UserError("Укажите файл резервной копии и --password-file с паролем (не короче 10 знаков).")
    if args.action == "restore":
        keys = import_keys(Path(args.file), read_password(args.password_file))
        save_keys(paths.root / "keys", keys)
    else:
        keys = ensure_keys(paths)
        if args.action == "export":
            export_keys(keys, Path(args.file), read_password(args.password_file))
    report = {
        "signing_key": keys.signing_public_b64,
        "signing_fingerprint": fingerprint(keys.signing_public_b64),
        "encryption_key": keys.encryption_public_b64 or "",
        "encryption_fingerprint": fingerprint(keys.encryption_public_b64) if keys.encryption_public_b64 else "",
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        done = {
            "show": "",
            "export": f"Резервная копия ключей записана: {args.file}\n",
            "restore": "Ключи восстановлены.\n",
        }
        print(f"{done[args.action]}Ключ подписи: {report['signing_fingerprint']}")
        if report["encryption_fingerprint"]:
            print(f"Ключ шифрования: {report['encryption_fingerprint']}")
    return 0
