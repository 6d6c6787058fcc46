"""Plan documents (.docx and .xlsx roadmaps): a plan damaged (bytes, zip members, declared sizes, the XML of the
document or sheet) or written with anything in its table (enormous texts, control characters, formulas, numbers
where names belong, rows of any shape) is read and imported, or refused with one Russian sentence — never a
traceback or a hang — and a refused import leaves the database exactly as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from desktop_app.domain.roles import Role
from desktop_app.plan_import import read_plan_file
from desktop_app.services.plan_import import apply_plan_import, preview_plan_import
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.plan_import.small_plan import small_plan_rows, write_small_plan
from tests.robustness.fuzzing import Tally, digest_rows, fuzz_settings, hostile_cell, hostile_text, xml_safe
from tests.robustness.xlsx_damage import cell_changes, damaged_file, file_damage, with_cells, write

SUITE = "Планы мероприятий (plan documents)"
ACTOR = make_actor(Role.SPECIALIST)
HEADER = ["№", "Наименование мероприятия", "Срок", "Исполнители", "Вид документа", "Ожидаемый результат"]


@pytest.fixture
def originals(tmp_path: Path) -> dict[str, bytes]:
    """A small Word plan and a small Excel roadmap, both read and imported as they are."""
    docx = write_small_plan(tmp_path / "план.docx")
    book = Workbook()
    sheet = book.active
    sheet.title = "План"
    sheet.append(["ДОРОЖНАЯ КАРТА на 2025 год"])
    sheet.append(HEADER)
    sheet.append(["I.  Блок первый"])
    sheet.merge_cells("A3:F3")
    sheet.append([1, "Совещание\nс партнёрами", date(2025, 3, 1), "Отдел опеки", "Протокол", "Проведено"])
    sheet.append([2, "Обучение", "ежеквартально", "Центр «Семья»; КДН и ЗП", "", "Обучены 10 человек"])
    book.save(tmp_path / "план.xlsx")
    return {".docx": docx.read_bytes(), ".xlsx": (tmp_path / "план.xlsx").read_bytes()}


def _import(tally: Tally, db: Database, path: Path) -> None:
    """Read, preview and apply; a refusal at any step leaves the database as it was."""
    plan = tally.run(lambda: read_plan_file(path))
    if plan is None:
        return  # the reader has no database: nothing to compare
    before = _digest(db)
    preview = tally.run(lambda: preview_plan_import(db, ACTOR, plan))
    if preview is None or tally.run(lambda: apply_plan_import(db, ACTOR, plan, preview)) is None:
        assert _digest(db) == before, "a refused plan changed the database"


def _digest(db: Database) -> str:
    with db.engine.connect() as connection:
        return digest_rows(connection.connection.driver_connection)


def test_a_damaged_plan_is_imported_or_refused_leaving_the_database(
    demo_db: Database, originals: dict[str, bytes], tmp_path: Path
) -> None:
    with Tally(SUITE).reporting("повреждённые файлы .docx и .xlsx") as tally:

        @fuzz_settings(ci=40, full=1500)
        @given(st.sampled_from(sorted(originals)), file_damage)
        def case(suffix: str, how: tuple[str, Any]) -> None:
            _import(tally, demo_db, write(tmp_path / f"damaged{suffix}", damaged_file(originals[suffix], how)))

        case()


def test_an_excel_plan_with_anything_in_its_cells_is_imported_or_refused(
    demo_db: Database, originals: dict[str, bytes], tmp_path: Path
) -> None:
    with Tally(SUITE).reporting("ячейки Excel с чем угодно") as tally:

        @fuzz_settings(ci=20, full=700)
        @given(cell_changes)
        def case(changes: list[tuple[int, int, int, Any]]) -> None:
            _import(tally, demo_db, write(tmp_path / "cells.xlsx", with_cells(originals[".xlsx"], changes)))

        case()


row_shapes = st.lists(st.one_of(hostile_text, hostile_cell.map(str)), min_size=1, max_size=8)


def test_a_word_plan_with_anything_in_its_table_is_imported_or_refused(demo_db: Database, tmp_path: Path) -> None:
    rows = small_plan_rows()
    with Tally(SUITE).reporting("таблицы Word с чем угодно") as tally:

        @fuzz_settings(ci=20, full=700)
        @given(st.lists(st.tuples(st.integers(0, len(rows)), row_shapes), min_size=1, max_size=4), hostile_text)
        def case(changes: list[tuple[int, list[str]]], title: str) -> None:
            changed = [list(row) for row in rows]
            for at, cells in changes:
                changed.insert(at, [xml_safe(text) for text in cells][:5] + [""] * max(0, 3 - len(cells)))
            path = tmp_path / "table.docx"
            write_small_plan(path, [row if len(row) in (1, 2, 5) else (row + [""] * 5)[:5] for row in changed])
            if title:
                document = Document(str(path))
                document.paragraphs[2].text = xml_safe(title)
                document.save(str(path))
            _import(tally, demo_db, path)

        case()
