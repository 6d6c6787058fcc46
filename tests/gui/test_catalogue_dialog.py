"""The catalogue editor on the screen: an indicator created through its form, a plan block pasted from Excel
into the grid and saved, a draft confirmed; opened from the «Показатели» page on the program shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.indicators import IndicatorKind, IndicatorState
from desktop_app.domain.periods import Period
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.catalogue_dialog import CatalogueDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.tasks import TaskRunner
from desktop_app.gui.widgets.plan_grid import pasted_block
from desktop_app.services.catalogue import Catalogue
from desktop_app.services.catalogue_plans import WHOLE
from desktop_app.services.catalogue_rules import GroupInput, IndicatorInput
from desktop_app.storage.models import Indicator, IndicatorPlan, IndicatorValue
from tests.catalogue_world import COORDINATOR, TOGUCHIN, Office, add_program, region_office
from tests.gui.helpers import choose


@pytest.fixture
def region(tmp_path: Path) -> Office:
    return region_office(tmp_path / "region")


@pytest.fixture
def dialog(qtbot: QtBot, region: Office) -> Iterator[CatalogueDialog]:
    program_id, _ = add_program(region.db)
    catalogue = Catalogue(region.db)
    group_id = catalogue.add_group(COORDINATOR, program_id, GroupInput("1.", "Ключевые целевые показатели"))
    draft = IndicatorInput(code="К-1", name="Вероятность отказа от новорождённого", kind=IndicatorKind.RATE_PER_1000)
    catalogue.add_indicator(COORDINATOR, group_id, draft, state=IndicatorState.DRAFT)
    runner = TaskRunner()
    context = AppContext.build(region.paths, region.db, COORDINATOR, runner)
    window = CatalogueDialog(context, None, program_id)
    qtbot.addWidget(window)
    window.show()
    wait(qtbot, window)
    yield window
    runner.shutdown()


def wait(qtbot: QtBot, window: CatalogueDialog) -> None:
    qtbot.waitUntil(lambda: not window.context.runner.pending, timeout=10_000)


def select_item(window: CatalogueDialog, text_start: str) -> None:
    root = window.tree.topLevelItem(0)
    assert root is not None
    for index in range(root.childCount()):
        if root.child(index).text(0).startswith(text_start):
            window.tree.setCurrentItem(root.child(index))
            return
    raise AssertionError(text_start)


def test_create_an_indicator_through_the_form(qtbot: QtBot, dialog: CatalogueDialog, region: Office) -> None:
    select_item(dialog, "К-1")
    qtbot.mouseClick(dialog.add_indicator_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    form.code_edit.setText("2.1")
    form.name_edit.setPlainText("Удельный вес детей до 4 лет в организациях для детей-сирот")
    choose(form.kind_combo, IndicatorKind.PERCENTAGE.value)
    form.base_value_edit.setText("140")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert form.errors["base_value"].isVisibleTo(dialog) and "от 0 до 100" in form.errors["base_value"].text()

    form.base_value_edit.setText("12,5")
    form.base_date_edit.setText("01.07.2023")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    with region.db.reading() as session:
        created = session.scalars(select(Indicator).where(Indicator.code == "2.1")).one()
        assert (created.kind, created.base_value, created.state) == ("percentage", 12.5, "active")
        created_id = created.id
    assert dialog.selected == ("indicator", created_id)
    assert "добавлен" in dialog.messages.text()


def test_paste_a_plan_block_from_excel_and_save(qtbot: QtBot, dialog: CatalogueDialog, region: Office) -> None:
    select_item(dialog, "К-1")
    wait(qtbot, dialog)
    grid = dialog.grid
    assert grid.grid is not None and grid.grid.territories[0] == WHOLE
    toguchin = grid.grid.territories.index(TOGUCHIN)
    periods = list(grid.grid.periods)
    first, second = periods.index(Period.parse("2023-H2")), periods.index(Period.parse("2024-H1"))
    assert second == first + 2, "the year 2023 stands between its second half and the next"
    block = "4,2\t\t3,9\r\n"  # copied from Excel: two halves with the year's column left empty between them
    grid.setCurrentCell(toguchin, first)
    QApplication.clipboard().setText(block)
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [cell.value for cell in grid.changed_cells()] == [4.2, 3.9]
    qtbot.mouseClick(dialog.save_plan_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    with region.db.reading() as session:
        saved = {(p.territory, p.period): p.value for p in session.scalars(select(IndicatorPlan))}
    assert saved == {(TOGUCHIN, "2023-H2"): 4.2, (TOGUCHIN, "2024-H1"): 3.9}
    assert "сохранён" in dialog.messages.text()


def test_a_wrong_pasted_cell_keeps_the_plan_unsaved(qtbot: QtBot, dialog: CatalogueDialog, region: Office) -> None:
    select_item(dialog, "К-1")
    wait(qtbot, dialog)
    dialog.grid.setCurrentCell(0, 0)
    assert dialog.grid.paste("1 234,5\tмного") == 2
    qtbot.mouseClick(dialog.save_plan_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    assert "«много» — не число" in dialog.messages.text()
    with region.db.reading() as session:
        assert session.scalars(select(IndicatorPlan)).first() is None


def test_confirm_a_draft(qtbot: QtBot, dialog: CatalogueDialog, region: Office) -> None:
    select_item(dialog, "К-1")
    assert dialog.confirm_button.isVisibleTo(dialog) and "Черновик" in dialog.state_label.text()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    with region.db.reading() as session:
        assert session.scalars(select(Indicator.state).where(Indicator.code == "К-1")).one() == "active"
    assert not dialog.confirm_button.isVisibleTo(dialog)
    assert "(черновик)" not in dialog.tree.topLevelItem(0).child(0).text(0)  # type: ignore[union-attr]


def test_pasted_block_reads_excel_lines_and_tabs() -> None:
    assert pasted_block("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert pasted_block("5") == [["5"]]


def test_the_indicators_page_opens_the_catalogue_on_its_program(
    qtbot: QtBot, demo_paths: DataPaths, window: MainWindow
) -> None:
    del demo_paths
    window.open_page("indicators")
    page = window.current_page()
    qtbot.waitUntil(lambda: not page.context.runner.pending, timeout=10_000)
    opened = page.open_catalogue()  # type: ignore[attr-defined]
    assert isinstance(opened, CatalogueDialog)
    qtbot.waitUntil(lambda: not page.context.runner.pending and opened.tree.topLevelItemCount() > 0, timeout=10_000)
    assert opened.program_combo.currentData() == page.program_combo.currentData()  # type: ignore[attr-defined]
    assert opened.width() <= 1280 and opened.height() <= 720
    opened.reject()


def test_retiring_asks_naming_the_values_kept(
    qtbot: QtBot, dialog: CatalogueDialog, region: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    with region.db.transaction() as session:  # two districts reported on the indicator before it goes
        indicator = session.scalars(select(Indicator).where(Indicator.code == "К-1")).one()
        indicator.state = IndicatorState.ACTIVE.value
        for territory in (TOGUCHIN, "Черепановский район"):
            session.add(IndicatorValue(indicator_id=indicator.id, period="2023-H2", territory=territory, value=4.0))
    dialog.reload()
    wait(qtbot, dialog)
    select_item(dialog, "К-1")
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert dialog.remove_button.text() == "Исключить…"
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    assert len(asked) == 1 and "Сохранятся значений — 2, плановых значений — 0" in asked[0]
    with region.db.reading() as session:
        assert session.scalars(select(Indicator.state).where(Indicator.code == "К-1")).one() == "retired"
        assert len(session.scalars(select(IndicatorValue)).all()) == 2
    assert dialog.reinstate_button.isVisibleTo(dialog) and "(исключён)" in dialog.tree.topLevelItem(0).child(0).text(0)  # type: ignore[union-attr]


def test_a_group_without_a_title_is_refused_beside_the_field(
    qtbot: QtBot, dialog: CatalogueDialog, region: Office
) -> None:
    qtbot.mouseClick(dialog.add_group_button, Qt.MouseButton.LeftButton)
    form = dialog.group_form
    form.number_edit.setText("2.")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.errors["title"].isVisibleTo(dialog) and "наименование" in form.errors["title"].text()
    form.title_edit.setText("Показатели ресурсных семей")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    assert [dialog.tree.topLevelItem(i).text(0) for i in range(2)] == [  # type: ignore[union-attr]
        "1. Ключевые целевые показатели",
        "2. Показатели ресурсных семей",
    ]
