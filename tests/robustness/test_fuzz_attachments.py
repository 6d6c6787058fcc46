"""Confirming documents attached to reports: whatever is chosen — a file of any bytes and any name, an empty
one, one over the size limit, a folder, a pipe, a broken or looping link, a path too long — with any title,
kind and number, is attached or refused with one Russian sentence, never a traceback or a hang; a refusal
leaves the database as it was, and an attached file opens under any name it was given (names come in
exchange files too)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.paths import DataPaths
from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.execution import ReportInput
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.services.attachments import MAX_ATTACHMENT_BYTES, AttachmentStore
from desktop_app.services.execution import ExecutionService
from desktop_app.services.measure_list import MeasureFilter
from desktop_app.services.registry import RegistryService
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.robustness.fuzzing import Tally, digest_rows, fuzz_settings, hostile_text

SUITE = "Вложения (attachments)"
SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
PERIOD = Period.parse("2026-H1")
KINDS = ("file", "empty", "oversized", "folder", "pipe", "broken-link", "loop", "too-long", "missing")
file_name = st.one_of(
    st.text(min_size=1, max_size=60),
    st.sampled_from(["скан.pdf", "..", ".", " ", "-rf", "CON", "a\nb.pdf", "акт?*<>|.pdf", ".hidden", "x" * 255]),
)
document = st.builds(
    DocumentInput,
    title=st.one_of(st.just("Акт обследования"), hostile_text),
    kind=st.one_of(st.just(""), hostile_text),
    number=st.one_of(st.just(""), hostile_text),
    doc_date=st.one_of(st.none(), st.dates()),
)


def _source(folder: Path, kind: str, name: str, content: bytes) -> Path:
    """The thing chosen in the file dialog, made on disk."""
    safe = name.replace("/", "_").replace("\0", "_")
    if safe in (".", ".."):
        safe = f"_{safe}"
    if len(safe.encode()) > 200:
        safe = safe[:50]
    path = folder / safe
    if kind == "file":
        path.write_bytes(content)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "oversized":
        with path.open("wb") as stream:
            stream.truncate(MAX_ATTACHMENT_BYTES + 1)  # sparse: costs nothing on disk
    elif kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "broken-link":
        path.symlink_to(folder / "nowhere")
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "too-long":
        return folder / ("д" * 300)
    return path


def test_anything_chosen_as_a_document_is_attached_or_refused_leaving_the_database(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    store = AttachmentStore(demo_paths.attachments)
    execution = ExecutionService(demo_db, store)
    measure = RegistryService(demo_db).measures(SPECIALIST, filters=MeasureFilter())[0].id
    current = execution.report(SPECIALIST, measure, PERIOD)
    execution.save_report(  # documents confirm a saved report
        SPECIALIST, measure, PERIOD, ReportInput("in_progress", "Идёт работа"), current.row_version
    )
    counter = iter(range(10**9))
    with Tally(SUITE).reporting("файлы, папки, каналы, ссылки, имена и поля документа") as tally:

        @fuzz_settings(ci=120, full=2000)
        @given(st.sampled_from(KINDS), file_name, st.binary(max_size=2000), document, file_name)
        def case(kind: str, name: str, content: bytes, fields: DocumentInput, shown_as: str) -> None:
            folder = tmp_path / f"case-{next(counter)}"
            folder.mkdir()
            source = _source(folder, kind, name, content)
            before = _digest(demo_db)
            attached = tally.run(lambda: execution.attach_document(SPECIALIST, measure, PERIOD, source, fields))
            if attached is None:
                assert _digest(demo_db) == before, "a refused document changed the database"
                return
            sha256 = attached.sha256
            viewed: Any = tally.run(lambda: store.copy_for_viewing(sha256, shown_as, folder / "view"))
            if viewed is not None:
                assert viewed.read_bytes() == source.read_bytes()
                assert viewed.resolve().is_relative_to((folder / "view").resolve())

        case()


def test_a_damaged_or_missing_stored_file_is_reported_not_opened(demo_paths: DataPaths, tmp_path: Path) -> None:
    store = AttachmentStore(demo_paths.attachments)
    stored = store.store_bytes(b"%PDF-1.4 scan", "скан.pdf")
    with Tally(SUITE).reporting("повреждённые файлы в хранилище и ссылки на них") as tally:

        @fuzz_settings(ci=60, full=1000)
        @given(st.one_of(st.just(stored.sha256), st.text(max_size=70)), st.binary(max_size=64), file_name)
        def case(sha256: str, damage: bytes, shown_as: str) -> None:
            if damage and sha256 == stored.sha256:
                store.path_for(sha256).write_bytes(damage)
            try:
                tally.run(lambda: store.copy_for_viewing(sha256, shown_as, tmp_path / "view"))
            finally:
                store.store_bytes(b"%PDF-1.4 scan", "скан.pdf") if not store.has(stored.sha256) else None
                store.path_for(stored.sha256).write_bytes(b"%PDF-1.4 scan")

        case()


def _digest(db: Database) -> str:
    with db.engine.connect() as connection:
        return digest_rows(connection.connection.driver_connection)
