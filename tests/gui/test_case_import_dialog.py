"""Loading a case list in the window: the mapping guessed, a preview with each problem's column, nothing written on
cancel, the new cases written off the GUI thread on «Загрузить в реестр»."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.case_import import CaseMapping, guess_case_mapping, read_case_sheet
from desktop_app.core.paths import DataPaths
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.case_import_dialog import CaseImportDialog, CasePreviewModel
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.case_import import preview_case_import
from desktop_app.storage.database import Database
from tests.case_import.case_lists import CHILD_COLUMN, add_existing_case, register_state, write_case_list
from tests.cases.case_world import SPECIALIST
from tests.demo_without_cases import without_demo_cases


@pytest.fixture
def demo_db(demo_db: Database) -> Database:
    """Written before the demo held cases: the demo without its own cases, map and meetings."""
    return without_demo_cases(demo_db)


@pytest.fixture
def context(demo_paths: DataPaths, demo_db: Database) -> Iterator[AppContext]:
    runner = TaskRunner()
    yield AppContext.build(demo_paths, demo_db, SPECIALIST, runner)
    runner.shutdown()


def open_dialog(qtbot: QtBot, context: AppContext, path: Path) -> CaseImportDialog:
    dialog = CaseImportDialog(context, path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)
    return dialog


def check(qtbot: QtBot, dialog: CaseImportDialog) -> None:
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._busy, timeout=10_000)


def cell(model: CasePreviewModel, number: int, column: int) -> str:
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == str(number))
    return str(model.index(row, column).data())


def test_preview_then_cancel_writes_nothing_then_apply_loads_the_new_cases(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    add_existing_case(context.db)
    book = write_case_list(tmp_path / "случаи.xlsx")
    before = register_state(context.db)

    dialog = open_dialog(qtbot, context, book)
    assert dialog.sheet is not None and dialog.sheet.header_row == 3
    assert dialog.combos["children"].currentText() == CHILD_COLUMN, "guessed from the header words"
    assert dialog.combos["adult1_name"].currentText() == "ФИО родителя"
    assert not dialog.apply_button.isEnabled()
    check(qtbot, dialog)
    model = dialog.model
    assert model.rowCount() == 5
    assert cell(model, 5, CasePreviewModel.COL_STATE) == "не прочитана"
    assert cell(model, 5, CasePreviewModel.COL_DETAIL) == (
        "строка 5, столбец «Дата выявления»: дата выявления «31.02.2026» — нет такой даты"
    )
    assert cell(model, 6, CasePreviewModel.COL_DETAIL).startswith(
        f"строка 6, столбец «{CHILD_COLUMN}»: дети — ребёнок 1"
    )
    assert cell(model, 7, CasePreviewModel.COL_STATE) == "уже в реестре — пропускается"
    assert "СС-0001" in cell(model, 7, CasePreviewModel.COL_DETAIL)
    assert "Новых случаев: 2. Уже в реестре (пропускаются): 1. Не прочитано строк: 2." in dialog.counts.text()
    assert dialog.apply_button.isEnabled()
    dialog.reject()
    assert register_state(context.db) == before, "cancel writes nothing"

    again = open_dialog(qtbot, context, book)
    check(qtbot, again)
    again.apply_button.click()
    qtbot.waitUntil(lambda: again.result is not None, timeout=10_000)
    assert again.result is not None and again.result.codes == ("СС-0002", "СС-0003")
    assert register_state(context.db)["family_case"] == before["family_case"] + 2


def test_changing_the_mapping_asks_for_a_new_check(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, context, write_case_list(tmp_path / "случаи.xlsx"))
    check(qtbot, dialog)
    dialog.combos["notes"].setCurrentIndex(0)
    assert dialog.preview is None and not dialog.apply_button.isEnabled()
    assert "нажмите «Проверить» ещё раз" in dialog.counts.text()
    dialog.combos["category"].setCurrentIndex(0)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: bool(dialog.messages.text()) and not dialog._busy, timeout=10_000)
    assert "не выбраны обязательные поля: «Категория" in dialog.messages.text()
    assert not dialog.apply_button.isEnabled()
    dialog.reject()


def test_a_file_that_is_not_a_workbook_gives_one_message(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    broken = tmp_path / "случаи.xlsx"
    broken.write_bytes(b"not a workbook")
    before = register_state(context.db)
    dialog = open_dialog(qtbot, context, broken)
    assert dialog.messages.text() == "Файл «случаи.xlsx» не является книгой Excel (.xlsx) или повреждён."
    assert not dialog.check_button.isEnabled() and not dialog.apply_button.isEnabled()
    dialog.reject()
    assert register_state(context.db) == before


def test_the_preview_model_keeps_qts_rules(qtmodeltester, context: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = read_case_sheet(write_case_list(tmp_path / "случаи.xlsx"))
    model = CasePreviewModel()
    model.set_rows(
        preview_case_import(context.db, SPECIALIST, sheet, CaseMapping(guess_case_mapping(sheet.headers))).rows
    )
    qtmodeltester.check(model)
