"""The copies kept in backups/: which of them the rotation rule keeps, the attachments they share (kept once
each in ``backups/attachments/``), and the work folders of copies a crash or power cut interrupted.

The rule itself is domain/backup_rotation.py; writing a copy is backups.py.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.core.held_files import held, removable
from desktop_app.domain.backup_rotation import BackupCopy, copies_to_delete, parse_backup_name

log = logging.getLogger(__name__)

MANIFEST_ENTRY = "manifest.json"
DATABASE_ENTRY = "opeka.sqlite3"
FORMAT = "opeka-backup"
MAX_MANIFEST = 16 * 1024 * 1024
CHUNK = 1024 * 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")
WORK_PREFIX = ".opeka-backup-"  # a copy is written in such a folder beside its final name, then renamed
PARTIAL_SUFFIX = ".part"  # a copy being written onto a chosen folder: ``.opeka-backup-….part`` beside it
STALE_WORK_SECONDS = 24 * 3600  # a work folder untouched this long belongs to a copy that will never finish


def attachment_path(attachments: Path, sha256: str) -> Path:
    """Where the attachment store keeps a file (services/attachments.py: ``root/ab/abcdef…``)."""
    return attachments / sha256[:2] / sha256


def existing_copies(folder: Path) -> list[BackupCopy]:
    """The copies in ``folder`` whose names the program wrote."""
    try:
        names = [entry.name for entry in folder.iterdir() if entry.is_file()]
    except OSError:
        return []
    return [copy for copy in map(parse_backup_name, names) if copy is not None]


def rotate(folder: Path) -> list[Path]:
    """Delete the copies the rotation rule does not keep (never the newest that passes ``sound_copy``), then
    the shared attachments no kept copy lists; returns the copies deleted."""
    deleted = []
    for copy in copies_to_delete(existing_copies(folder), lambda copy: sound_copy(folder / copy.name)):
        path = folder / copy.name
        try:
            path.unlink()
        except OSError as exc:
            log.warning("Could not delete old backup %s: %s", path, exc)
            continue
        deleted.append(path)
    _drop_unlisted_attachments(folder)
    _drop_stale_work_folders(folder)
    return deleted


def _drop_stale_work_folders(folder: Path) -> None:
    """The work folders of copies interrupted a day or more ago (each holds a whole copy of the database).
    Younger ones are left: another program on this computer may be writing a copy there right now."""
    now = time.time()
    for work in folder.glob(f"{WORK_PREFIX}*"):
        try:
            if work.is_dir() and now - work.stat().st_mtime > STALE_WORK_SECONDS:
                shutil.rmtree(work)
                log.info("Work folder of an interrupted backup removed: %s", work)
        except OSError as exc:
            log.warning("Could not remove the work folder of an interrupted backup %s: %s", work, exc)


def sound_copy(archive: Path) -> bool:
    """True for a whole, readable copy of the program's database: the zip's directory reads (a copy cut short
    has none), its manifest is the program's and names the schema revision the database held (a copy of a
    file without one, which the program would refuse to open, is not sound). A sealed copy cannot be read
    without its password and does not count."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            info = bundle.getinfo(MANIFEST_ENTRY)
            if info.file_size > MAX_MANIFEST:
                return False
            manifest = json.loads(bundle.read(info).decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                return False
            schema, files = manifest.get("schema"), manifest.get("files")
            return (
                isinstance(schema, str)
                and bool(schema)
                and isinstance(files, dict)
                and DATABASE_ENTRY in files
                and DATABASE_ENTRY in bundle.namelist()
            )
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, RecursionError, EOFError, RuntimeError):
        return False


def shared_store(folder: Path) -> Path:
    """Where the copies in ``folder`` keep their attachments, once each."""
    return folder / "attachments"


def shared_attachments(archive: Path) -> list[str] | None:
    """The attachments a copy keeps in the shared store; None when its manifest cannot be read (sealed)."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            manifest = json.loads(bundle.read(MANIFEST_ENTRY).decode("utf-8"))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, RecursionError):
        return None
    listed = manifest.get("shared_attachments", []) if isinstance(manifest, dict) else None
    return (
        [value for value in listed if isinstance(value, str) and SHA256.match(value)]
        if isinstance(listed, list)
        else None
    )


def _drop_unlisted_attachments(folder: Path) -> None:
    store = shared_store(folder)
    if not store.is_dir():
        return
    listed: set[str] = set()
    for copy in existing_copies(folder):
        if copy.name.endswith(".zip"):
            found = shared_attachments(folder / copy.name)
            if found is None:
                return  # a copy we cannot read might need any of them: keep everything
            listed.update(found)
    for file in store.glob("*/*"):
        if file.is_file() and file.name not in listed:
            try:
                file.unlink()
            except OSError as exc:
                log.warning("Could not delete an attachment no copy needs %s: %s", file, exc)


def keep_shared(source: Path, store: Path, sha256: str) -> str:
    """The attachment in the shared store (copied once, checked, renamed into place); its SHA-256."""
    target = attachment_path(store, sha256)
    if target.is_file():
        return sha256
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    with source.open("rb") as stream, partial.open("wb") as writer:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    if digest.hexdigest() != sha256:  # damaged in the store: not kept under a name it does not match
        partial.unlink(missing_ok=True)
        return digest.hexdigest()
    os.replace(partial, target)
    return sha256


@contextmanager
def partial_file(folder: Path) -> Iterator[Path]:
    """A new partial file in ``folder``, held by this process while the block runs (another copy's
    ``remove_partials`` leaves it alone), removed unless the block renamed it."""
    descriptor, name = tempfile.mkstemp(prefix=WORK_PREFIX, suffix=PARTIAL_SUFFIX, dir=folder)
    os.close(descriptor)
    path = Path(name)
    try:
        with held(path):
            yield path
    finally:
        path.unlink(missing_ok=True)


def remove_partials(folder: Path, work_area: Path) -> None:
    """What copies cut short left in ``folder``: their partial files (encrypted if the copy was), and the work
    folders earlier versions of the program wrote beside the copy (a plain snapshot of the database) —
    except those another copy is writing right now, and the work folders of the data folder's own work area
    ``work_area`` (the rotation removes those a day later)."""
    try:
        leftovers = list(folder.glob(f"{WORK_PREFIX}*"))
        own_work_area = work_area.is_dir() and folder.samefile(work_area)
    except OSError:
        return
    for leftover in leftovers:
        try:
            if leftover.is_dir() and not leftover.is_symlink():
                if own_work_area:
                    continue
                shutil.rmtree(leftover)
            elif leftover.name.endswith(PARTIAL_SUFFIX) and removable(leftover):
                leftover.unlink()
            else:
                continue
            log.info("Left by a copy cut short, removed: %s", leftover)
        except OSError as exc:  # Windows: a partial file still open in another copy cannot be deleted
            log.warning("Could not remove what a copy cut short left: %s: %s", leftover, exc)


def fsync_folder(folder: Path) -> None:
    """A rename made durable (POSIX; Windows cannot open a folder for this and needs no such step)."""
    if sys.platform == "win32":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems (a FAT stick on some kernels) refuse to sync a folder
    finally:
        os.close(descriptor)
