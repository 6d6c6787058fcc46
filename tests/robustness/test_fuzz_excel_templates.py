"""Filled Excel templates of forms coming back from partners: a template damaged (bytes, zip members, XML) or
filled with anything (enormous texts, formulas, control characters, huge numbers, dates where numbers belong,
the hidden id sheet edited) is previewed and applied, or refused with one Russian sentence — never a traceback
or a hang — and a refusal leaves the database exactly as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.formkit import load_catalogue
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.form_fill import FormFill
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.form_templates.support import fill
from tests.robustness.fuzzing import Tally, digest_rows, fuzz_settings
from tests.robustness.xlsx_damage import cell_changes, damaged_file, file_damage, with_cells, write
from tests.services.test_form_fill import EXCEL_CELLS, FORM, IN_EXCEL

SUITE = "Шаблоны форм Excel (form templates)"
SPECIALIST = make_actor(Role.SPECIALIST)
YEAR = Period.parse("2023")


@pytest.fixture
def excel(demo_db: Database) -> FormFill:
    computed = ComputedValues(demo_db)
    return FormFill(FormAnswers(demo_db, load_catalogue(), IndicatorEntry(demo_db, computed), computed), "Тест")


@pytest.fixture
def template(excel: FormFill, tmp_path: Path) -> bytes:
    path = excel.write_template(SPECIALIST, FORM, YEAR, IN_EXCEL, tmp_path / "анкета.xlsx")
    fill(path, EXCEL_CELLS)
    return path.read_bytes()


def _take(tally: Tally, excel: FormFill, db: Database, path: Path) -> None:
    """Preview, and apply what can be applied; a refusal at either step leaves the database as it was."""
    before = _digest(db)
    preview = tally.run(lambda: excel.preview(SPECIALIST, path, IN_EXCEL))
    if preview is None:
        assert _digest(db) == before, "a refused template changed the database"
        return
    if tally.run(lambda: excel.apply(SPECIALIST, preview)) is None:
        assert _digest(db) == before, "a refused template changed the database"


def _digest(db: Database) -> str:
    with db.engine.connect() as connection:
        return digest_rows(connection.connection.driver_connection)


def test_a_damaged_template_is_taken_or_refused_leaving_the_database(
    excel: FormFill, demo_db: Database, template: bytes, tmp_path: Path
) -> None:
    with Tally(SUITE).reporting("повреждённые файлы") as tally:

        @fuzz_settings(ci=40, full=1000)
        @given(file_damage)
        def case(how: tuple[str, Any]) -> None:
            _take(tally, excel, demo_db, write(tmp_path / "шаблон.xlsx", damaged_file(template, how)))

        case()


def test_a_template_filled_with_anything_is_taken_or_refused_leaving_the_database(
    excel: FormFill, demo_db: Database, template: bytes, tmp_path: Path
) -> None:
    with Tally(SUITE).reporting("ячейки с чем угодно") as tally:

        @fuzz_settings(ci=20, full=1000)
        @given(cell_changes)
        def case(changes: list[tuple[int, int, int, Any]]) -> None:
            _take(tally, excel, demo_db, write(tmp_path / "шаблон.xlsx", with_cells(template, changes)))

        case()
