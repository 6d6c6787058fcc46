"""Restoring an encrypted copy: which key opens it (this installation's, or its own, carried in the copy as
wrapped keys), and the key file that goes back with it (services/backups.py ``restore_backup``)."""

from __future__ import annotations

import json
import os
from contextlib import closing
from pathlib import Path
from typing import Any

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import UserError
from desktop_app.storage import cipher, key_store, sqlite_files
from desktop_app.storage.backups import KEY_FILE_ENTRY
from desktop_app.storage.migrate import known_revisions


def damaged(source: Path) -> UserError:
    return UserError(
        f"Файл «{source.name}» повреждён или не является резервной копией «Опеки-Офлайн»: ничего не изменено."
    )


def key_of_copy(
    paths: DataPaths, copy: Path, source: Path, key: bytes | None, *, has_database: bool
) -> bytes | bool | None:
    """The key the copy's database opens with: None for a plain copy, ``key`` for one of this installation;
    False for a copy encrypted under another key (restored onto a new computer, into a folder without a
    database or over a new installation made there): it comes with its own key file, replaces the database and
    the key file whole, and is checked when the first user signs in with a password valid when it was made."""
    if cipher.is_plain(copy):
        return None
    if key is None:
        if has_database:
            raise UserError(
                f"Резервная копия «{source.name}» зашифрована ключом базы данных: восстановите её из программы, "
                "войдя под учётной записью администратора; ничего не изменено."
            )
        if not (copy.parent / KEY_FILE_ENTRY).is_file():
            raise damaged(source)
        return False
    try:
        with closing(sqlite_files.open_read_only(copy, key)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher.DatabaseError:
        if not (copy.parent / KEY_FILE_ENTRY).is_file():
            raise UserError(
                f"Резервная копия «{source.name}» зашифрована другим ключом, и ключей к ней в копии нет: ничего не "
                "изменено."
            ) from None
        return False
    return key


def refuse_other_titles(paths: DataPaths, copy_keys: Path, source: Path) -> None:
    """A copy under another key cannot be read before it is restored: its key file names its installation."""
    from desktop_app.services.restore_target import OtherInstallation

    current = key_store.load(paths.root)
    try:
        copied = json.loads(copy_keys.read_text(encoding="utf-8")).get("title")
    except (OSError, ValueError, AttributeError, RecursionError):
        copied = None
    if current is not None and current.title and isinstance(copied, str) and copied and copied != current.title:
        raise OtherInstallation(source, copied, current.title)


def listed_schema(manifest: dict[str, Any], source: Path) -> str:
    """The schema of a copy that cannot be opened here yet: the manifest's word, checked like the file's own."""
    revision = manifest.get("schema")
    if not isinstance(revision, str) or not revision:
        raise damaged(source)
    if revision not in known_revisions():
        raise UserError(
            f"Копия «{source.name}» сделана более новой версией программы (схема {revision}): установите новую "
            "версию Опеки-Офлайн; ничего не изменено."
        )
    return revision


def restore_key_file(extracted: Path, paths: DataPaths, *, replace: bool) -> None:
    """The copy's wrapped keys, where the data folder has none or they wrap another key (``replace``): the
    passwords valid when the copy was made open it. A key file of the same key stays: today's passwords."""
    target = key_store.key_file(paths.root)
    if not extracted.is_file() or (target.exists() and not replace):
        return
    os.replace(extracted, target)
