"""Backup copies: the database through SQLite's online backup API and the attachments it refers to, in one
zip with a manifest (README, «Резервные копии»; which copies are kept, and the attachments they share:
backup_folder.py).

A copy is ``opeka.sqlite3``, ``attachments/<sha256>`` for every attachment the database names, and
``manifest.json`` (program and schema version, time, row counts, each file's SHA-256). The snapshot and the
zip are made in a work folder inside the data folder (``backups/.opeka-backup-…``): nothing unencrypted is
written anywhere else unless the user asked for an unencrypted copy there. The copy is then moved (in
backups/) or written (streamed, encrypted when asked, into a partial file on a chosen folder such as a USB
stick) beside its final name and renamed when complete, so a power cut never leaves a half copy under that
name, and one pulled out of a stick leaves at most an encrypted partial file that the next copy removes.

Scans are large and never change (they are named by their content), so the copies kept in backups/ do not
each carry them: they list them under ``shared_attachments`` and the files are kept once in
``backups/attachments/``, deleted when no kept copy lists them any more. A copy written elsewhere (a USB
stick) or encrypted carries its attachments itself and needs nothing beside it.

The database is read either through the program's own single connection (when the database is open:
no second connection ever writes or checkpoints) or, before it is opened, through a read-only one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlcipher

from desktop_app import __version__
from desktop_app.core import process_lock
from desktop_app.core.os_errors import describe_os_error
from desktop_app.core.paths import DataPaths
from desktop_app.domain.backup_rotation import backup_name
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.storage import backup_folder, cipher, key_store, sqlite_files
from desktop_app.storage.backup_folder import (
    CHUNK,
    MANIFEST_ENTRY,
    SHA256,
    WORK_PREFIX,
    attachment_path,
    fsync_folder,
    keep_shared,
    partial_file,
    remove_partials,
    rotate,
    shared_store,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger(__name__)

FORMAT = backup_folder.FORMAT
VERSION = 1
DATABASE_ENTRY = backup_folder.DATABASE_ENTRY
ATTACHMENTS_PREFIX = "attachments/"
KEY_FILE_ENTRY = key_store.KEY_FILE  # in an encrypted copy: the wrapped keys (storage/key_store.py)
LARGE_CHUNK = 8 * CHUNK
Clock = Callable[[], datetime]
Sealer = Callable[[Path, Path], None]
# One copy at a time is finished and rotated: a rotation deletes the shared attachments no finished copy lists,
# which would include those another copy has just put there. Threads of one program (background_backup.py
# finishes copies in threads) wait on the lock; other programs on the folder (``opeka backup`` while the window
# finishes the day's copy) on the folder's lock file.
_FINISHING = threading.Lock()
FINISHING_LOCK = ".opeka-finishing.lock"
FINISHING_WAIT = 600.0  # seconds: another program's copy of a large database with its scans
FOLDER_BUSY = "другая копия программы слишком долго завершает свою копию в этой папке; повторите позже."


@dataclass(frozen=True)
class BackupInfo:
    """A copy just written: where, what made it, and what it holds."""

    path: Path
    kind: str
    made: datetime
    schema: str | None
    counts: dict[str, int] = field(default_factory=dict)
    attachments: int = 0
    missing_attachments: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "made_at": self.made.isoformat(timespec="seconds"),
            "schema": self.schema,
            "counts": self.counts,
            "attachments": self.attachments,
            "missing_attachments": list(self.missing_attachments),
        }


def snapshot_database(source: cipher.Connection, target: Path, key: bytes | None = None) -> None:
    """The one way the program copies its database: SQLite's online backup API, in one step, so the copy
    is one consistent state even while other connections write (a file copy of a live WAL database is not).
    An encrypted database (``key``) is copied page by page into a file keyed the same: never a plain copy."""
    with closing(cipher.connect(target, key)) as destination:
        source.backup(destination)
        destination.commit()


def write_backup(
    paths: DataPaths,
    kind: str,
    *,
    engine: Engine | None = None,
    target_dir: Path | None = None,
    seal: Sealer | None = None,
    clock: Clock = datetime.now,
    key: bytes | None = None,
) -> BackupInfo:
    """Write a copy of ``kind`` into backups/ (then rotate) or into ``target_dir`` (never rotated).

    ``engine``: the open database's engine, whose single connection reads the copy; without it the file is
    read through a read-only connection, keyed with ``key`` when the database is encrypted. ``seal``: encrypts
    the finished zip (``seal(zip, sealed)``). DatabaseProblem when the copy cannot be made; no partial file is left.
    """
    return take_snapshot(paths, kind, engine=engine, target_dir=target_dir, seal=seal, clock=clock, key=key).finish()


@dataclass(frozen=True)
class Snapshot:
    """The database copied as it stands into a work folder beside the copy's final name (``take_snapshot``);
    ``finish`` makes the copy of it, ``discard`` drops it. Neither touches the database: once the snapshot is
    taken, the program may write to the database while the copy is being finished."""

    paths: DataPaths
    folder: Path  # where the copy goes
    target: Path  # the copy's final name there
    work: Path
    kind: str
    made: datetime
    seal: Sealer | None
    rotated: bool  # backups/ (rotated, attachments kept once), not a folder the user chose
    key: bytes | None = field(default=None, repr=False)  # the snapshot is encrypted with the database's key

    def finish(self) -> BackupInfo:
        """The zip (sealed when asked) under its final name, then the rotation; DatabaseProblem if it fails."""
        with _FINISHING:
            if not self.rotated:
                return self._finish()
            try:
                with process_lock.waited(self.folder / FINISHING_LOCK, FOLDER_BUSY, FINISHING_WAIT):
                    return self._finish()
            except process_lock.AlreadyRunning:
                self.discard()
                raise DatabaseProblem(f"Не удалось сделать резервную копию в {self.folder}: {FOLDER_BUSY}") from None

    def _finish(self) -> BackupInfo:
        try:
            archive = self.work / "backup.zip"
            shared = shared_store(self.folder) if self.rotated and self.seal is None else None
            info = _write_archive(
                archive,
                self.work / DATABASE_ENTRY,
                self.paths.attachments,
                self.kind,
                self.made,
                shared,
                self.key,
                key_store.key_file(self.paths.root) if self.key is not None else None,
            )
            if self.rotated:
                produced = archive
                if self.seal is not None:
                    produced = self.work / "backup.sealed"
                    self.seal(archive, produced)
                _fsync(produced)
                os.replace(produced, self.target)
            else:
                _deliver(archive, self.target, self.seal, self.paths.backups)
        except cipher.ErrorOrOS as exc:
            raise _copy_problem(exc, self.folder) from None
        finally:
            self.discard()
        if self.rotated:
            rotate(self.folder)
        log.info("Backup (%s) written: %s", self.kind, self.target)
        return BackupInfo(
            self.target, self.kind, self.made, info.schema, info.counts, info.attachments, info.missing_attachments
        )

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def take_snapshot(
    paths: DataPaths,
    kind: str,
    *,
    engine: Engine | None = None,
    target_dir: Path | None = None,
    seal: Sealer | None = None,
    clock: Clock = datetime.now,
    key: bytes | None = None,
) -> Snapshot:
    """The first step of ``write_backup``: the database copied into a work folder (SQLite's online backup, a
    fraction of the time the zip takes). DatabaseProblem when it cannot be made; nothing is left then."""
    folder = target_dir if target_dir is not None else paths.backups
    made = clock()
    target = folder / backup_name(kind, made, sealed=seal is not None)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # the data folder's own work area, whatever the target: the snapshot and the zip are plain
        paths.backups.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=paths.backups))
    except OSError as exc:
        raise DatabaseProblem(f"Не удалось создать резервную копию в {folder}: {describe_os_error(exc)}.") from None
    if engine is not None:
        key = cipher.engine_key(engine)
    snapshot = Snapshot(paths, folder, target, work, kind, made, seal, rotated=target_dir is None, key=key)
    try:
        with _source(paths, engine, key) as source:
            snapshot_database(source, work / DATABASE_ENTRY, key)
    except BaseException as exc:
        snapshot.discard()
        if isinstance(exc, Exception) and isinstance(exc, cipher.ErrorOrOS):
            raise _copy_problem(exc, folder) from None
        raise
    return snapshot


def _copy_problem(exc: Exception, folder: Path) -> DatabaseProblem:
    """What the user is told when the copy into ``folder`` fails: reading the database, or writing the files."""
    if not isinstance(exc, OSError):
        return DatabaseProblem(
            f"Не удалось сделать резервную копию базы данных в {folder}: {sqlite_files.describe_failure(exc)}."
        )
    return DatabaseProblem(f"Не удалось записать резервную копию в {folder}: {describe_os_error(exc)}.")


@contextmanager
def _source(paths: DataPaths, engine: Engine | None, key: bytes | None) -> Iterator[cipher.Connection]:
    if engine is None:
        with closing(sqlite_files.open_read_only(paths.database, key)) as connection:
            yield connection
        return
    with engine.connect() as connection:  # the program's single connection: nothing else writes meanwhile
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection | sqlcipher.Connection)
        yield raw


def database_facts(connection: cipher.Connection) -> tuple[str | None, dict[str, int], set[str]]:
    """The schema revision, the rows of each table, and the SHA-256 of every attachment referred to
    (any column named ``sha256``: report documents, family documents, sent attachments)."""
    tables = [
        row[0]
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if not row[0].startswith("sqlite_")
    ]
    counts: dict[str, int] = {}
    hashes: set[str] = set()
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        counts[table] = int(connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info({quoted})")}
        if "sha256" in columns:
            hashes.update(row[0] for row in connection.execute(f"SELECT DISTINCT sha256 FROM {quoted}"))
    revision = None
    if "alembic_version" in counts:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    counts.pop("alembic_version", None)
    return revision, counts, {value for value in hashes if isinstance(value, str) and SHA256.match(value)}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_archive(
    archive: Path,
    database: Path,
    attachments: Path,
    kind: str,
    made: datetime,
    shared: Path | None,
    key: bytes | None = None,
    access: Path | None = None,
) -> BackupInfo:
    with closing(cipher.connect(database, key)) as connection:
        revision, counts, hashes = database_facts(connection)
    files: dict[str, str] = {}
    missing = []
    kept_shared: list[str] = []
    with zipfile.ZipFile(archive, "w", allowZip64=True) as bundle:
        # level 1: a copy is made before every import, and the fastest level costs a third of the default
        database_entry = zipfile.ZipInfo.from_file(database, DATABASE_ENTRY)
        if key is None:
            database_entry.compress_type = zipfile.ZIP_DEFLATED
            database_entry._compresslevel = 1  # type: ignore[attr-defined]  # what ZipFile.write sets from compresslevel
        # an encrypted database is random bytes to zlib: stored as it is, at the speed of the disk
        digest = hashlib.sha256()
        with database.open("rb") as stream, bundle.open(database_entry, "w", force_zip64=True) as target:
            # large pieces: zlib and hashlib let other threads run while they work on one (an import goes on)
            while piece := stream.read(LARGE_CHUNK):
                digest.update(piece)
                target.write(piece)
        files[DATABASE_ENTRY] = digest.hexdigest()
        for sha256 in sorted(hashes):
            source = attachment_path(attachments, sha256)
            entry = ATTACHMENTS_PREFIX + sha256
            if shared is not None:
                try:
                    if keep_shared(source, shared, sha256) == sha256:
                        kept_shared.append(sha256)
                    else:
                        log.warning("Attachment %s is damaged in the store", sha256)
                except FileNotFoundError:
                    missing.append(sha256)
                continue
            try:
                with source.open("rb") as stream, bundle.open(entry, "w", force_zip64=True) as target:
                    digest = hashlib.sha256()
                    while chunk := stream.read(CHUNK):
                        digest.update(chunk)
                        target.write(chunk)
            except FileNotFoundError:
                missing.append(sha256)
                continue
            files[entry] = digest.hexdigest()
            if files[entry] != sha256:  # damaged in the store: kept, but restore will not put it back
                log.warning("Attachment %s is damaged in the store", sha256)
        if access is not None and access.is_file():
            # an encrypted copy carries the wrapped keys that open it (each under a password or the recovery
            # code, never the key itself): restored on another computer, it opens with a password valid then
            data = access.read_bytes()
            bundle.writestr(KEY_FILE_ENTRY, data)
            files[KEY_FILE_ENTRY] = hashlib.sha256(data).hexdigest()
        manifest = {
            "encrypted": key is not None,
            "format": FORMAT,
            "version": VERSION,
            "app_version": __version__,
            "schema": revision,
            "kind": kind,
            "made_at": made.isoformat(timespec="seconds"),
            "counts": counts,
            "attachments": _attachments(files) + len(kept_shared),
            "missing_attachments": missing,
            "shared_attachments": kept_shared,
            "files": files,
        }
        bundle.writestr(MANIFEST_ENTRY, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
    return BackupInfo(archive, kind, made, revision, counts, _attachments(files) + len(kept_shared), tuple(missing))


def _attachments(files: dict[str, str]) -> int:
    return sum(1 for name in files if name.startswith(ATTACHMENTS_PREFIX))


def _deliver(archive: Path, target: Path, seal: Sealer | None, work_area: Path) -> None:
    """The finished zip onto a folder the user chose: streamed (encrypted when ``seal`` is given) into a partial
    file there, synced, renamed to ``target``. What earlier copies cut short left there goes first."""
    remove_partials(target.parent, work_area)
    with partial_file(target.parent) as partial:
        if seal is not None:
            seal(archive, partial)
        else:
            shutil.copyfile(archive, partial)
        _fsync(partial)
        os.replace(partial, target)
    fsync_folder(target.parent)


def _fsync(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())
