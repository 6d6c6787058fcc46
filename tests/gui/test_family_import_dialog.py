"""Loading a family list in the window: mapping prefilled, a preview with reasons, nothing written on cancel."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.domain.roles import Role
from desktop_app.family_import import ColumnMapping, guess_mapping, read_family_sheet
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.family_import_dialog import NOT_LOADED, FamilyImportDialog, PreviewRowsModel
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.family_import import preview_family_import
from desktop_app.services.family_register import FamilyFilter, FamilyRegister
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.family_import.lists import register_state, write_family_list

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")


@pytest.fixture
def context(demo_paths: DataPaths, demo_db: Database) -> Iterator[AppContext]:
    runner = TaskRunner()
    yield AppContext.build(demo_paths, demo_db, SPECIALIST, runner)
    runner.shutdown()


def open_dialog(qtbot: QtBot, context: AppContext, path: Path) -> FamilyImportDialog:
    dialog = FamilyImportDialog(context, path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)
    return dialog


def check(qtbot: QtBot, dialog: FamilyImportDialog) -> None:
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._busy, timeout=10_000)


def row_of(model: PreviewRowsModel, number: int) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == str(number))


def test_preview_shows_each_row_and_cancel_writes_nothing_then_apply_loads_the_chosen_rows(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    book = write_family_list(tmp_path / "семьи.xlsx")
    before = register_state(context.db)

    dialog = open_dialog(qtbot, context, book)
    assert dialog.sheet is not None and dialog.sheet.header_row == 3
    assert dialog.combos["adult1_name"].currentText() == "ФИО кандидата", "guessed from the header words"
    assert dialog.combos["adult2_birth_date"].currentText() == "Дата рождения супруга"
    assert not dialog.apply_button.isEnabled()
    check(qtbot, dialog)
    model = dialog.model
    assert model.rowCount() == 6
    bad = row_of(model, 7)
    assert model.index(bad, PreviewRowsModel.COL_STATE).data() == "не прочитана"
    assert (
        model.index(bad, PreviewRowsModel.COL_DETAIL).data() == "строка 7: дата рождения «31.02.1985» — нет такой даты"
    )
    duplicate = model.index(row_of(model, 6), 0)
    assert model.index(duplicate.row(), PreviewRowsModel.COL_STATE).data() == "возможный дубликат"
    assert "семья РС-0001" in model.index(duplicate.row(), PreviewRowsModel.COL_DETAIL).data()
    assert duplicate.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.index(bad, 0).data(Qt.ItemDataRole.CheckStateRole) is None, "only duplicates can be ticked"
    assert "Новых семей: 2. Возможных дубликатов: 2 (отмечено для загрузки: 0)" in dialog.counts.text()
    assert dialog.apply_button.isEnabled()
    dialog.reject()
    assert register_state(context.db) == before, "cancel writes nothing"

    remembered = json.loads((context.paths.root / "family_import_mapping.json").read_text(encoding="utf-8"))
    assert remembered["columns"]["adult1_name"] == "ФИО кандидата"

    again = open_dialog(qtbot, context, book)
    again.combos["adult1_phone"].setCurrentIndex(0)  # the user decides the phones stay out
    check(qtbot, again)
    model = again.model
    assert model.setData(model.index(row_of(model, 9), 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert "(отмечено для загрузки: 1)" in again.counts.text() and "Будет загружено: 3." in again.counts.text()
    again.apply_button.click()
    qtbot.waitUntil(lambda: again.result is not None, timeout=10_000)
    assert again.result.codes == ("РС-0005", "РС-0006", "РС-0007")
    register = FamilyRegister(context.db)
    assert register.count(SPECIALIST, FamilyFilter(search="алешина")) == 2
    assert register.count(SPECIALIST, FamilyFilter(search="сидорова")) == 1
    assert register.count(SPECIALIST, FamilyFilter(search="громова")) == 0, "the unreadable row stays out"

    third = open_dialog(qtbot, context, book)
    assert third.combos["adult1_phone"].currentText() == NOT_LOADED, "the last mapping is remembered"
    check(qtbot, third)
    states = {third.model.index(r, PreviewRowsModel.COL_STATE).data() for r in range(third.model.rowCount())}
    assert states == {"возможный дубликат", "не прочитана"}, "a second import finds only duplicates"
    assert not third.apply_button.isEnabled()
    third.reject()


def test_changing_the_mapping_asks_for_a_new_check(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, context, write_family_list(tmp_path / "семьи.xlsx"))
    check(qtbot, dialog)
    assert dialog.apply_button.isEnabled()
    dialog.combos["notes"].setCurrentIndex(0)
    assert dialog.preview is None and not dialog.apply_button.isEnabled()
    assert "нажмите «Проверить» ещё раз" in dialog.counts.text()
    dialog.combos["adult1_birth_date"].setCurrentIndex(0)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: bool(dialog.messages.text()) and not dialog._busy, timeout=10_000)
    assert "не выбраны обязательные поля: «Взрослый 1: дата рождения»" in dialog.messages.text()
    assert not dialog.apply_button.isEnabled()
    dialog.reject()


def test_a_file_that_is_not_a_workbook_gives_one_message(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    broken = tmp_path / "семьи.xlsx"
    broken.write_bytes(b"not a workbook")
    dialog = open_dialog(qtbot, context, broken)
    assert dialog.messages.text() == "Файл «семьи.xlsx» не является книгой Excel (.xlsx) или повреждён."
    assert not dialog.check_button.isEnabled() and not dialog.apply_button.isEnabled()
    dialog.reject()


def test_the_preview_model_keeps_qts_rules(qtmodeltester, context: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = read_family_sheet(write_family_list(tmp_path / "семьи.xlsx"))
    model = PreviewRowsModel()
    model.set_rows(
        preview_family_import(context.db, SPECIALIST, sheet, ColumnMapping(guess_mapping(sheet.headers))).rows
    )
    qtmodeltester.check(model)
