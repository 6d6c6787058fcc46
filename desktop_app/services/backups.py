"""Making a backup copy by hand and restoring one (`opeka backup`, `opeka restore`; README, «Резервные копии»).

A restore checks the whole copy before it touches anything: it decrypts it, compares every file with the
manifest's SHA-256, runs SQLite's integrity check on the database and refuses a schema newer than this
program (an older one is migrated on the next start, as usual). Then it keeps a copy of the current state,
puts back missing attachments, and writes the database with SQLite's online backup API, which replaces the
file in one transaction: any failure leaves the database as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.core.input_files import check_regular_file
from desktop_app.core.os_errors import describe_os_error
from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.errors import DatabaseProblem, UserError
from desktop_app.domain.roles import Permission
from desktop_app.services import backup_crypto
from desktop_app.services.restore_keys import (
    damaged,
    key_of_copy,
    listed_schema,
    refuse_other_titles,
    restore_key_file,
)
from desktop_app.services.restore_target import refuse_other_installation
from desktop_app.storage import backup_folder, backups, cipher, key_store, sqlite_files
from desktop_app.storage.backups import BackupInfo
from desktop_app.storage.database import ENCRYPTED_NEEDS_SIGN_IN
from desktop_app.storage.migrate import head_revision, known_revisions

_MAX_MANIFEST = 16 * 1024 * 1024
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the copy it took, the copy of the replaced state, what it put back."""

    source: Path
    previous_state: Path | None
    schema: str
    migrates_on_open: bool
    counts: dict[str, int]
    attachments_restored: int
    made_at: str

    def as_json(self) -> dict[str, Any]:
        return {
            "restored_from": str(self.source),
            "previous_state": str(self.previous_state) if self.previous_state else None,
            "schema": self.schema,
            "migrates_on_open": self.migrates_on_open,
            "counts": self.counts,
            "attachments_restored": self.attachments_restored,
            "made_at": self.made_at,
        }


def make_backup(
    paths: DataPaths,
    target_dir: Path | None = None,
    password: str | None = None,
    clock: Clock = datetime.now,
    actor: Actor = SYSTEM_ACTOR,
    key: bytes | None = None,
) -> BackupInfo:
    """A copy made by hand: into backups/ (rotated with the daily copies) or into ``target_dir`` (a USB
    stick: never rotated), encrypted when a ``password`` is given. The database is read without opening
    it for writing, so this works beside a running program. A copy taken away holds every family's personal
    data, so it needs the right to see them; the command line acts as the program (``SYSTEM_ACTOR``)."""
    actor.require(Permission.VIEW_DATA)
    if target_dir is not None:
        actor.require(Permission.VIEW_PERSONAL_DATA)
    if not backups_possible(paths):
        raise UserError("Установка не настроена: сначала выполните opeka init или opeka demo.")
    # the checks every command makes before it opens the file: a copy of anything else is no copy at all
    if key is None and key_store.key_file(paths.root).exists():
        raise DatabaseProblem(ENCRYPTED_NEEDS_SIGN_IN)
    sqlite_files.preflight(paths.database, key)
    if sqlite_files.stored_revision(paths.database, key) is None:
        raise DatabaseProblem(
            f"Файл {paths.database} — база SQLite, но не база Опеки-Офлайн: резервная копия не сделана."
        )
    seal = None
    if password is not None:
        backup_crypto.check_password(password)

        def seal(source: Path, target: Path) -> None:
            backup_crypto.seal_file(source, target, password)

    return backups.write_backup(paths, "manual", target_dir=target_dir, seal=seal, clock=clock, key=key)


def backups_possible(paths: DataPaths) -> bool:
    """Something is at the database's name (an empty file too: the checks then say what is wrong with it)."""
    return paths.database.is_file()


def restore_backup(
    paths: DataPaths,
    source: Path,
    password: str | None = None,
    clock: Clock = datetime.now,
    actor: Actor = SYSTEM_ACTOR,
    *,
    other_installation: bool = False,
    key: bytes | None = None,
) -> RestoreResult:
    """Check the copy in ``source`` completely, keep the current state, then restore the database and the
    missing attachments. UserError (nothing changed) when the copy is damaged, encrypted with another
    password, not a copy at all, or from a newer program; OtherInstallation (nothing changed) when it was made
    by another installation than the one here, unless the user agreed to that (``other_installation``).
    The database must not be open in this process; ``key`` is the one it was open with when it is encrypted:
    an encrypted copy must open with it (a plain one, made before encryption, is encrypted as it goes back).
    Only an administrator restores (the command line acts as the program, ``SYSTEM_ACTOR``)."""
    actor.require(Permission.RESTORE_BACKUPS)
    check_regular_file(source)  # a folder, a named pipe or a device is refused before anything reads it
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".opeka-restore-", dir=paths.root))
    except OSError as exc:
        raise UserError(f"Не удалось подготовить папку данных {paths.root}: {describe_os_error(exc)}.") from None
    try:
        archive = _plain_archive(source, work, password)
        manifest = _extract_checked(archive, work, source)
        counts = _counts(manifest)  # read before anything is replaced: the manifest may say anything here
        copy = work / backups.DATABASE_ENTRY
        copy_key = key_of_copy(paths, copy, source, key, has_database=backups_possible(paths))
        if isinstance(copy_key, bool):  # encrypted under its own key: checked when first opened with it
            schema = listed_schema(manifest, source)
            if not other_installation:
                refuse_other_titles(paths, work / backups.KEY_FILE_ENTRY, source)
        else:
            schema = _check_database(copy, source, copy_key)
            if not other_installation:
                refuse_other_installation(paths.database, copy, source, key, copy_key)
        previous = _keep_current_state(paths, clock, key)
        restored = _restore_attachments(work / "attachments", paths.attachments)
        restored += _restore_shared(manifest, backup_folder.shared_store(source.parent), paths.attachments)
        if key is not None and copy_key is None:  # a copy from before encryption goes back encrypted
            encrypted = work / "encrypted.sqlite3"
            cipher.encrypt_copy(copy, encrypted, key)
            copy, copy_key = encrypted, key
        _replace_database(copy, paths, key, copy_key if isinstance(copy_key, bytes) else None)
        # a copy under its own key brings the wraps that open it (passwords valid when it was made)
        restore_key_file(work / backups.KEY_FILE_ENTRY, paths, replace=isinstance(copy_key, bool))
    except OSError as exc:
        raise UserError(f"Не удалось восстановить копию «{source.name}»: {describe_os_error(exc)}.") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RestoreResult(
        source=source,
        previous_state=previous,
        schema=schema,
        migrates_on_open=schema != head_revision(),
        counts=counts,
        attachments_restored=restored,
        made_at=str(manifest.get("made_at", ""))[:40],
    )


def _counts(manifest: dict[str, Any]) -> dict[str, int]:
    """The row counts the copy lists, for the report after restoring (whole numbers only)."""
    listed = manifest.get("counts")
    if not isinstance(listed, dict):
        return {}
    return {str(table): value for table, value in listed.items() if type(value) is int}


def _plain_archive(source: Path, work: Path, password: str | None) -> Path:
    if not backup_crypto.is_sealed(source):
        return source
    if password is None:
        raise UserError(f"Резервная копия «{source.name}» зашифрована: укажите пароль (--password-file).")
    plain = work / "backup.zip"
    backup_crypto.unseal_file(source, plain, password)
    return plain


def _extract_checked(archive: Path, work: Path, source: Path) -> dict[str, Any]:
    """Every file of the manifest, extracted into ``work`` and compared with its SHA-256."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            info = bundle.getinfo(backup_folder.MANIFEST_ENTRY)
            if info.file_size > _MAX_MANIFEST:
                raise damaged(source)
            manifest = json.loads(bundle.read(info).decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != backups.FORMAT:
                raise damaged(source)
            if manifest.get("version") != backups.VERSION:
                raise UserError("Резервная копия записана более новой версией программы: обновите программу.")
            files = manifest.get("files")
            if not isinstance(files, dict) or backups.DATABASE_ENTRY not in files:
                raise damaged(source)
            _check_room(bundle, files, work)
            for name, expected in files.items():
                target = _entry_target(work, name)
                if target is None or not isinstance(expected, str):
                    raise damaged(source)
                _extract(bundle, name, target)
                if backups.file_sha256(target) != expected:
                    raise UserError(
                        f"Файл «{name}» в резервной копии не совпадает с контрольной суммой: копия повреждена,"
                        " ничего не изменено."
                    )
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,  # a damaged deflate stream
        KeyError,
        ValueError,
        EOFError,
        RecursionError,
        RuntimeError,  # a member encrypted by zip itself
        NotImplementedError,  # a compression method zipfile does not know
        struct.error,
    ):
        raise damaged(source) from None
    return manifest


def _check_room(bundle: zipfile.ZipFile, files: dict[str, Any], work: Path) -> None:
    """Refuse before extracting what would not fit (twice: extracted, then the copy of the current state)."""
    needed = sum(bundle.getinfo(name).file_size for name in files)
    free = shutil.disk_usage(work).free
    if needed * 2 > free:
        raise UserError(
            f"Для восстановления нужно около {needed * 2 // 2**20 + 1} МБ свободного места в папке данных, "
            f"свободно {free // 2**20} МБ: ничего не изменено."
        )


def _entry_target(work: Path, name: object) -> Path | None:
    if name in (backups.DATABASE_ENTRY, backups.KEY_FILE_ENTRY):
        return work / name
    if isinstance(name, str) and name.startswith(backups.ATTACHMENTS_PREFIX):
        sha256 = name.removeprefix(backups.ATTACHMENTS_PREFIX)
        if backup_folder.SHA256.match(sha256):
            return work / "attachments" / sha256
    return None


def _extract(bundle: zipfile.ZipFile, name: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with bundle.open(name) as stream, target.open("wb") as writer:
        while chunk := stream.read(backup_folder.CHUNK):
            writer.write(chunk)


def _check_database(database: Path, source: Path, key: bytes | None = None) -> str:
    problems = sqlite_files.integrity_problems(database, key)
    if problems:  # SQLite's report may run over several lines: one line, and short
        problem = " ".join(problems[0].split())
        problem = problem if len(problem) <= 200 else problem[:199] + "…"
        raise UserError(f"База данных в копии «{source.name}» повреждена ({problem}): ничего не изменено.")
    revision = sqlite_files.stored_revision(database, key)
    if revision is None:
        raise damaged(source)
    if revision not in known_revisions():
        raise UserError(
            f"Копия «{source.name}» сделана более новой версией программы (схема {revision}): установите новую "
            "версию Опеки-Офлайн; ничего не изменено."
        )
    return revision


def _keep_current_state(paths: DataPaths, clock: Clock, key: bytes | None) -> Path | None:
    """A copy of what is about to be replaced: a regular copy, or the raw files of a database that cannot
    be read any more (the online backup API cannot copy a damaged file)."""
    if not backups_possible(paths):
        return None
    try:
        sqlite_files.preflight(paths.database, key)
        return backups.write_backup(paths, "before-restore", clock=clock, key=key).path
    except DatabaseProblem as problem:
        if not _is_damaged(paths.database, key):
            raise UserError(f"Восстановление не выполнено: {problem.message}") from None
    folder = paths.backups / f"damaged-{clock().strftime('%Y%m%d-%H%M%S-%f')}"
    folder.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        damaged = Path(f"{paths.database}{suffix}")
        if damaged.exists():
            shutil.copy2(damaged, folder / damaged.name)
    return folder


def _is_damaged(database: Path, key: bytes | None = None) -> bool:
    try:
        with database.open("rb") as stream:
            plain = stream.read(len(sqlite_files.SQLITE_HEADER)) == sqlite_files.SQLITE_HEADER
        if plain == (key is not None):  # not what it should be: plain where encrypted, or the other way
            return True
        with closing(sqlite_files.open_read_only(database, key)) as connection:
            return bool(connection.execute("PRAGMA quick_check").fetchone()[0] != "ok")
    except cipher.DatabaseError as exc:
        return sqlite_files.is_corruption(exc)
    except UnicodeDecodeError:  # SQLite's message names a schema that is not even UTF-8
        return True


def _restore_attachments(extracted: Path, store: Path) -> int:
    restored = 0
    if not extracted.is_dir():
        return 0
    for file in sorted(extracted.iterdir()):
        target = backup_folder.attachment_path(store, file.name)
        if target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(file, target)  # the same disk: the work folder is inside the data folder
        restored += 1
    return restored


def _restore_shared(manifest: dict[str, Any], shared: Path, store: Path) -> int:
    """Attachments a copy in backups/ keeps beside it, once for all copies: each checked against its name
    before it goes back; one missing there (the copy was moved without them) stays missing, as in the store."""
    listed = manifest.get("shared_attachments")
    restored = 0
    for sha256 in listed if isinstance(listed, list) else []:
        if not isinstance(sha256, str) or not backup_folder.SHA256.match(sha256):
            continue
        target = backup_folder.attachment_path(store, sha256)
        source = backup_folder.attachment_path(shared, sha256)
        if target.is_file() or not source.is_file() or backups.file_sha256(source) != sha256:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
        restored += 1
    return restored


def _replace_database(database: Path, paths: DataPaths, key: bytes | None, copy_key: bytes | None) -> None:
    """The live file is written by SQLite itself (online backup API: one transaction, readers and a running
    program see either the old or the new database; both keyed alike when encrypted); a damaged file is set
    aside and replaced whole, as is a live file of another kind than the copy (plain and encrypted)."""
    live = paths.database
    if backups_possible(paths) and key == copy_key and not _is_damaged(live, key):
        try:
            with (
                closing(cipher.connect(database, copy_key)) as source,
                closing(cipher.connect(live, key, timeout=10)) as target,
            ):
                source.backup(target)
        except cipher.Error as exc:
            reason = sqlite_files.describe_failure(exc)
            raise UserError(f"Восстановление не выполнено ({reason}); база данных не изменена.") from None
        return
    for suffix in ("-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    os.replace(database, live)
