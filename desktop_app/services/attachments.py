"""Confirming documents kept as files in the data folder, each under its SHA-256.

A file is stored once however many reports cite it, can be found by its hash after a restart or on
another workstation, and a damaged copy is detected by hashing it again. Storing is copy-then-rename,
so a power cut leaves either the whole file or nothing under its name.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.input_files import open_regular_file
from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.errors import UserError
from desktop_app.domain.text import quoted_name

MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024  # scans of a signed act are a few MB; 100 MB is generous
_CHUNK = 1024 * 1024
_MAX_NAME_BYTES = 200  # a name for the viewer's copy, within any file system's 255 bytes
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    file_name: str


def document_columns(stored: StoredFile, document: DocumentInput) -> dict[str, Any]:
    """The columns a stored document row keeps (report documents and family documents alike)."""
    return {
        "sha256": stored.sha256,
        "file_name": stored.file_name[:260],
        "size": stored.size,
        "title": document.title,
        "kind": document.kind,
        "doc_number": document.number,
        "doc_date": document.doc_date,
    }


class AttachmentStore:
    """Files by content hash under ``root/ab/abcdef…``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise UserError("Неверная ссылка на файл документа.")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def store(self, source: Path) -> StoredFile:
        """Copy ``source`` into the store (once) and return its hash; the source is never changed."""
        name = quoted_name(source.name)  # for messages; the stored row keeps the name as it is
        try:
            size = source.stat().st_size
            if not source.is_file():
                raise UserError(f"«{name}» — не файл. Выберите файл документа.")
            if size > MAX_ATTACHMENT_BYTES:
                raise UserError(
                    f"Файл «{name}» слишком большой ({size // (1024 * 1024)} МБ): можно прикрепить "
                    f"не более {MAX_ATTACHMENT_BYTES // (1024 * 1024)} МБ."
                )
            self.root.mkdir(parents=True, exist_ok=True)
            digest, copied, temporary = self._copy_hashing(source)
        except OSError as exc:
            raise UserError(f"Не удалось прикрепить файл «{name}»: {describe_os_error(exc)}.") from None
        try:
            target = self.path_for(digest)
            if target.is_file() and target.stat().st_size == copied:
                temporary.unlink()
            else:
                target.parent.mkdir(exist_ok=True)
                os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise UserError(f"Не удалось сохранить файл «{name}»: {describe_os_error(exc)}.") from None
        return StoredFile(digest, copied, source.name)

    def store_bytes(self, data: bytes, file_name: str) -> StoredFile:
        """Keep ``data`` as a file (for files the program makes itself, such as the demo's documents)."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest)
        if not target.is_file():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, target)
            except OSError as exc:
                raise UserError(
                    f"Не удалось сохранить файл «{quoted_name(file_name)}»: {describe_os_error(exc)}."
                ) from None
        return StoredFile(digest, len(data), file_name)

    def _copy_hashing(self, source: Path) -> tuple[str, int, Path]:
        digest = hashlib.sha256()
        copied = 0
        handle, temporary_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        temporary = Path(temporary_name)
        try:
            with os.fdopen(handle, "wb") as target, open_regular_file(source) as stream:
                while chunk := stream.read(_CHUNK):
                    copied += len(chunk)
                    if copied > MAX_ATTACHMENT_BYTES:
                        raise UserError(f"Файл «{quoted_name(source.name)}» слишком большой для прикрепления.")
                    digest.update(chunk)
                    target.write(chunk)
                target.flush()
                os.fsync(target.fileno())
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return digest.hexdigest(), copied, temporary

    def verified_path(self, sha256: str, file_name: str) -> Path:
        """The stored file, after checking it is there and undamaged; UserError otherwise."""
        path = self.path_for(sha256)
        file_name = quoted_name(file_name)
        if not path.is_file():
            raise UserError(
                f"Файл документа «{file_name}» не найден в папке программы: возможно, он удалён вручную. "
                "Прикрепите его заново."
            )
        digest = hashlib.sha256()
        try:
            with path.open("rb") as stream:
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
        except OSError as exc:
            raise UserError(f"Не удалось прочитать файл «{file_name}»: {describe_os_error(exc)}.") from None
        if digest.hexdigest() != sha256:
            raise UserError(f"Файл документа «{file_name}» повреждён (не совпадает контрольная сумма).")
        return path

    def copy_for_viewing(self, sha256: str, file_name: str, folder: Path) -> Path:
        """A copy under its original name in ``folder``, for the system viewer (the store stays untouched)."""
        source = self.verified_path(sha256, file_name)
        shown = quoted_name(file_name)
        safe_name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", file_name).strip(" .") or "документ"
        if len(safe_name.encode()) > _MAX_NAME_BYTES:  # file systems take 255 bytes: keep the start and the suffix
            stem, dot, suffix = safe_name.rpartition(".") if "." in safe_name else (safe_name, "", "")
            short = stem.encode()[: _MAX_NAME_BYTES - 60].decode(errors="ignore").rstrip(" .") or "документ"
            safe_name = short + (f".{suffix[:20]}" if dot else "")
        target = folder / sha256[:12] / safe_name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not (target.is_file() and target.stat().st_size == source.stat().st_size):
                with source.open("rb") as stream, target.open("wb") as copy:
                    while chunk := stream.read(_CHUNK):
                        copy.write(chunk)
        except OSError as exc:
            raise UserError(f"Не удалось открыть файл «{shown}»: {describe_os_error(exc)}.") from None
        return target
