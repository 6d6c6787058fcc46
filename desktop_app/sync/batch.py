"""Importing a folder of district bundles at the region: each file on its own, oldest first, so a bad one
is reported and the others still go in; progress is reported and the work can be cancelled between files.
The folder is one transaction with a savepoint per file (FORMAT.md, «What the reader checks»)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.sync.importer import ExchangeImport
from desktop_app.sync.merge import Outcome

MAX_FILES = 2000


@dataclass(frozen=True)
class BatchRow:
    file: Path
    source: str
    sequence: int | None
    result: str  # applied | unchanged | refused | older (a region package older than the one loaded) | cancelled
    message: str
    new: int = 0
    changed: int = 0
    conflicts: int = 0


def bundle_files(folder: Path) -> list[Path]:
    """The exchange files of a folder, oldest first by the time written in their header."""
    from desktop_app.sync.container import read_header

    try:
        files = sorted(
            path
            for path in folder.iterdir()
            # a name starting with a dot is a temporary file an interrupted export left (core/atomic.py)
            if path.suffix.lower() == ".opeka" and not path.name.startswith(".") and path.is_file()
        )
    except OSError as exc:
        raise UserError(f"Папка «{folder}» не читается: {exc.strerror or exc}.") from None
    if len(files) > MAX_FILES:
        raise UserError(f"В папке больше {MAX_FILES} файлов обмена: разложите их по нескольким папкам.")

    def created(path: Path) -> tuple[int, str, str]:
        try:
            return (0, read_header(path).created_at.isoformat(), path.name)
        except UserError:
            return (1, "", path.name)  # unreadable files last; each will be refused with its reason

    return sorted(files, key=created)


def import_folder(
    importer: ExchangeImport,
    actor: Actor,
    folder: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[BatchRow]:
    """Preview and apply each file in turn; every file gets a row, whatever happened to the others.

    The folder is one transaction (ExchangeImport.folder) and each file a savepoint of it: a refused file is
    rolled back alone and the others go on; what was taken commits once at the end, also when the user
    stops between files. A crash or power cut before that leaves the database as it was before the folder,
    and loading the folder again is safe: files already taken are unchanged."""
    files = bundle_files(folder)
    with importer.folder(actor, f"папки «{folder.name}»") as session:
        rows = _import_each(importer, actor, files, session, progress, cancelled)
    if progress is not None:
        progress(len(files), len(files))
    return rows


def _import_each(
    importer: ExchangeImport,
    actor: Actor,
    files: list[Path],
    session: Session,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> list[BatchRow]:
    rows: list[BatchRow] = []
    for number, path in enumerate(files):
        if cancelled is not None and cancelled():
            rows.extend(
                BatchRow(rest, "", None, "cancelled", "Загрузка остановлена пользователем.") for rest in files[number:]
            )
            break
        if progress is not None:
            progress(number, len(files))
        rows.append(_import_one(importer, actor, path, session))
    return rows


def _import_one(importer: ExchangeImport, actor: Actor, path: Path, session: Session) -> BatchRow:
    try:
        preview = importer.preview(actor, path, session)
        if preview.older_message:
            return BatchRow(path, preview.source_name, preview.sequence, "older", preview.older_message)
        if not preview.changes_anything:
            importer.note_unchanged(actor, preview, session)
            return BatchRow(path, preview.source_name, preview.sequence, "unchanged", "Изменений нет.")
        result = importer.apply(actor, preview, session)
    except UserError as error:
        return BatchRow(path, "", None, "refused", error.message)
    return BatchRow(
        path,
        preview.source_name,
        preview.sequence,
        "applied",
        "",
        preview.total(Outcome.NEW),
        preview.total(Outcome.CHANGED),
        result.conflicts,
    )
