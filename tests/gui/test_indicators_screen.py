"""The value grid: typing facts, the reasons shown on cells, register numbers, the workflow and the lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.models.indicator_grid import IndicatorGridModel
from desktop_app.gui.pages.indicators_page import IndicatorsPage
from desktop_app.services.indicator_sheet import ValueStatus
from desktop_app.storage.database import Database
from desktop_app.storage.models import Program
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import settle

H2_2026 = "2026-H2"


@pytest.fixture(autouse=True)
def periods_never_lock_by_themselves(demo_db: Database) -> None:
    """The demo's periods lock 30 days after their deadline; these tests must not depend on today's date."""
    with demo_db.transaction() as session:
        for program in session.scalars(select(Program)):
            program.value_lock_days = 0


def open_grid(window: MainWindow, qtbot: QtBot, period: str = H2_2026) -> IndicatorsPage:
    page = window.open_page("indicators")
    assert isinstance(page, IndicatorsPage)
    settle(page, qtbot)
    page.select_period(period)
    settle(page, qtbot)
    assert page.sheet is not None and page.sheet.period == Period.parse(period)
    return page


def row_of(page: IndicatorsPage, code: str) -> int:
    return next(number for number, row in enumerate(page.model.rows()) if row.code == code)


def type_into(page: IndicatorsPage, code: str, column: int, text: str) -> None:
    index = page.model.index(row_of(page, code), column)
    page.table.setCurrentIndex(index)
    assert page.model.setData(index, text)


def test_grid_shows_plan_and_opens_on_the_last_ended_period(window: MainWindow, qtbot: QtBot) -> None:
    page = window.open_page("indicators")
    assert isinstance(page, IndicatorsPage)
    settle(page, qtbot)
    assert page.period_combo.count() >= 4
    page.select_period(H2_2026)
    settle(page, qtbot)
    row = row_of(page, "1.1")
    assert page.model.index(row, IndicatorGridModel.COL_PLAN).data() == "26"
    assert "Показатель" in page.model.HEADERS[IndicatorGridModel.COL_NAME]


def test_negative_count_is_marked_on_its_cell_and_not_saved(window: MainWindow, qtbot: QtBot) -> None:
    page = open_grid(window, qtbot)
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, "-3")
    assert page.cell_message.text() == "Значение не может быть отрицательным."
    index = page.model.index(row_of(page, "1.1"), IndicatorGridModel.COL_FACT)
    assert page.model.data(index, 3) == "Значение не может быть отрицательным."  # tooltip
    page.save_button.click()
    assert "исправьте ячейки" in page.messages.text()
    assert page.sheet is not None and page.sheet.filled == 0


def test_letters_in_a_number_cell_are_refused_beside_it(window: MainWindow, qtbot: QtBot) -> None:
    page = open_grid(window, qtbot)
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, "тридцать")
    assert page.cell_message.text() == "«тридцать» — не число; пример: 1 234,5."
    assert page.unsaved_changes()


def test_percentage_from_numerator_and_denominator_is_saved(window: MainWindow, qtbot: QtBot) -> None:
    page = open_grid(window, qtbot)
    type_into(page, "1.2", IndicatorGridModel.COL_NUM, "3")
    type_into(page, "1.2", IndicatorGridModel.COL_DEN, "4")
    assert page.model.index(row_of(page, "1.2"), IndicatorGridModel.COL_FACT).data() == "75,0\u00a0%"
    page.save_button.click()
    settle(page, qtbot)
    assert page.messages.text() == "Значения сохранены."
    assert page.sheet is not None and page.sheet.filled == 1
    assert not page.unsaved_changes()


def test_large_deviation_asks_for_a_comment_then_submits(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one value of the period is submitted: the question about the rest is answered «Да»
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    page = open_grid(window, qtbot)
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, "10")
    page.table.setCurrentIndex(page.model.index(row_of(page, "1.1"), IndicatorGridModel.COL_COMMENT))
    assert "Факт отличается от плана (26)" in page.cell_message.text()
    type_into(page, "1.1", IndicatorGridModel.COL_COMMENT, "Дети устроены в семьи")
    assert page.cell_message.text() == ""
    page.save_button.click()
    settle(page, qtbot)
    assert page.submit_button.isEnabled()
    page.submit_button.click()
    settle(page, qtbot)
    assert page.sheet is not None and page.sheet.count(ValueStatus.SUBMITTED) == 1


def test_specialist_cannot_approve_or_close(make_window: WindowFactory, qtbot: QtBot) -> None:
    page = open_grid(make_window(make_actor(Role.SPECIALIST)), qtbot)
    assert not page.approve_button.isEnabled()
    assert not page.close_button.isEnabled()
    assert not page.lock_days_button.isEnabled()


def test_head_closes_the_period_and_corrects_it_only_with_a_reason(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    page = open_grid(make_window(make_actor(Role.HEAD)), qtbot)
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, "30")
    page.save_button.click()
    settle(page, qtbot)
    for button in (page.submit_button, page.approve_button, page.close_button):
        button.click()
        settle(page, qtbot)
    assert page.lock_label.text().startswith("Период закрыт")
    monkeypatch.setattr(page, "ask_reason", lambda prompt: "")
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, "29")
    page.save_button.click()
    settle(page, qtbot)
    assert page.unsaved_changes()  # no reason, nothing saved
    monkeypatch.setattr(page, "ask_reason", lambda prompt: "Уточнены данные ЦССУ")
    page.save_button.click()
    settle(page, qtbot)
    assert page.sheet is not None and page.sheet.rows[row_of(page, "1.1")].value == 29


def test_register_number_is_offered_and_taken_with_where_it_came_from(
    window: MainWindow, qtbot: QtBot, demo_db: Database
) -> None:
    from desktop_app.storage.models import Indicator

    with demo_db.transaction() as session:
        indicator = session.scalars(select(Indicator).where(Indicator.code == "1.4")).first()
        assert indicator is not None
        indicator.source = "families.ready"
    page = open_grid(window, qtbot)
    row = row_of(page, "1.4")
    offered = page.model.index(row, IndicatorGridModel.COL_SOURCE)
    assert offered.data().startswith("реестр: ")
    page.table.setCurrentIndex(offered)
    assert "Семьи в реестре, готовые принять ребёнка" in page.cell_message.text()
    assert page.take_button.isEnabled()
    page.take_button.click()
    assert offered.data() == "из реестра"
    page.save_button.click()
    settle(page, qtbot)
    saved = page.sheet.rows[row] if page.sheet else None
    assert saved is not None and saved.source == "computed" and "РС-" in saved.source_note


def test_head_sets_the_districts_own_plan_on_the_grid(make_window: WindowFactory, qtbot: QtBot) -> None:
    page = open_grid(make_window(make_actor(Role.HEAD)), qtbot)
    index = page.model.index(row_of(page, "1.1"), IndicatorGridModel.COL_PLAN)
    assert page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert page.model.setData(index, "24")
    settle(page, qtbot)
    assert page.messages.text() == "План муниципального образования сохранён."
    assert page.model.index(row_of(page, "1.1"), IndicatorGridModel.COL_PLAN).data() == "24"
    assert page.sheet is not None and page.sheet.rows[row_of(page, "1.1")].plan == 24


def test_specialist_cannot_change_the_plan(make_window: WindowFactory, qtbot: QtBot) -> None:
    page = open_grid(make_window(make_actor(Role.SPECIALIST)), qtbot)
    index = page.model.index(row_of(page, "1.1"), IndicatorGridModel.COL_PLAN)
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
