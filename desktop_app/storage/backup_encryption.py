"""The copies in backups/ made before the database was encrypted, encrypted after it (storage/cipher.py).

A conversion leaves the plain copies behind it: the day's copies of the weeks before, the manual ones (kept until
the user deletes them) and the copy made just before the conversion. Each still holds every family's data as
plain SQLite, so once the database is encrypted each one is rewritten in place: its database exported into a new
file under the database's key, its other entries as they were, the wrapped keys added, the manifest's checksums
updated, then one rename over the old copy. Copies sealed with a password are encrypted already and stay.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from desktop_app.storage import cipher, key_store
from desktop_app.storage.backup_folder import DATABASE_ENTRY, MANIFEST_ENTRY, WORK_PREFIX, existing_copies, fsync_folder
from desktop_app.storage.backups import KEY_FILE_ENTRY, LARGE_CHUNK

log = logging.getLogger(__name__)
_CANNOT_REWRITE: tuple[type[Exception], ...] = (zipfile.BadZipFile, KeyError, ValueError, *cipher.ErrorOrOS)


def encrypt_plain_copies(folder: Path, root: Path, key: bytes) -> list[Path]:
    """Every plain copy in ``folder`` (backups/) rewritten with its database encrypted under ``key`` and the
    data folder ``root``'s wrapped keys; returns the copies rewritten. A copy that cannot be rewritten is left
    as it was and logged: the conversion itself has succeeded."""
    done = []
    for copy in existing_copies(folder):
        path = folder / copy.name
        if not copy.name.endswith(".zip"):
            continue  # sealed with a password: encrypted already
        try:
            if _rewrite(path, root, key):
                done.append(path)
        except _CANNOT_REWRITE as exc:
            log.warning("A plain backup could not be encrypted: %s: %s", path, exc)
    if done:
        fsync_folder(folder)
    return done


def _rewrite(path: Path, root: Path, key: bytes) -> bool:
    with zipfile.ZipFile(path) as bundle:
        manifest = json.loads(bundle.read(MANIFEST_ENTRY).decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("encrypted") or DATABASE_ENTRY not in bundle.namelist():
            return False
        work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=path.parent))
        try:
            plain, encrypted = work / "plain.sqlite3", work / "encrypted.sqlite3"
            with bundle.open(DATABASE_ENTRY) as source, plain.open("wb") as target:
                shutil.copyfileobj(source, target, LARGE_CHUNK)
            cipher.encrypt_copy(plain, encrypted, key)
            plain.unlink()
            rewritten = work / "copy.zip"
            files = dict(manifest.get("files") or {})
            with zipfile.ZipFile(rewritten, "w", allowZip64=True) as output:
                output.write(encrypted, DATABASE_ENTRY, compress_type=zipfile.ZIP_STORED)
                files[DATABASE_ENTRY] = _sha256(encrypted)
                for info in bundle.infolist():
                    if info.filename in (DATABASE_ENTRY, MANIFEST_ENTRY, KEY_FILE_ENTRY):
                        continue
                    with bundle.open(info) as source, output.open(info, "w", force_zip64=True) as target:
                        shutil.copyfileobj(source, target, LARGE_CHUNK)
                access = key_store.key_file(root)
                if access.is_file():
                    data = access.read_bytes()
                    output.writestr(KEY_FILE_ENTRY, data)
                    files[KEY_FILE_ENTRY] = hashlib.sha256(data).hexdigest()
                manifest.update(files=files, encrypted=True)
                output.writestr(MANIFEST_ENTRY, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
            with rewritten.open("rb+") as stream:
                os.fsync(stream.fileno())
            os.replace(rewritten, path)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while piece := stream.read(LARGE_CHUNK):
            digest.update(piece)
    return digest.hexdigest()
