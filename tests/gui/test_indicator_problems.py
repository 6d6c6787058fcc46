"""The indicator grid says what is wrong in words under the grid, lists the period's problems, colours a
deviation by the indicator's wanted direction and keeps long names to three lines."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.models.indicator_grid import IndicatorGridModel
from desktop_app.gui.pages.indicators_page import IndicatorsPage
from desktop_app.gui.widgets.row_table import LINE_BREAK, clamp_text
from tests.gui.test_indicators_screen import open_grid, periods_never_lock_by_themselves, row_of, type_into

__all__ = ["periods_never_lock_by_themselves"]  # the autouse fixture of the grid's tests applies here too

FOREGROUND = 9  # Qt.ForegroundRole
GREEN, RED, AMBER = "#1e7b34", "#b3261e", "#9a5b00"


def _colour(page: IndicatorsPage, code: str) -> str | None:
    brush = page.model.data(page.model.index(row_of(page, code), IndicatorGridModel.COL_DEVIATION), FOREGROUND)
    return brush.color().name() if brush is not None else None


def _listed(page: IndicatorsPage) -> list[str]:
    return [page.problems.problems.item(i).text() for i in range(page.problems.problems.count())]


def test_current_cells_reason_is_a_sentence_under_the_grid(window: MainWindow, qtbot: QtBot) -> None:
    page = open_grid(window, qtbot)
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, "-3")
    assert page.cell_message.isVisible()
    assert page.cell_message.text() == "Значение не может быть отрицательным."
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, "25")  # plan 26: nothing to say about the cell
    assert page.cell_message.text() == "" and not page.cell_message.isVisible()


def test_period_problems_are_listed_and_a_click_selects_the_cell(window: MainWindow, qtbot: QtBot) -> None:
    page = open_grid(window, qtbot)
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, "-3")
    type_into(page, "2.1", IndicatorGridModel.COL_FACT, "тридцать")
    page.table.setCurrentIndex(page.model.index(0, IndicatorGridModel.COL_CODE))
    listed = _listed(page)
    assert len(listed) == 2, listed
    assert listed[0].startswith("1.1 ") and listed[0].endswith("— Значение не может быть отрицательным.")
    assert listed[1].startswith("2.1 ") and listed[1].endswith("— «тридцать» — не число; пример: 1 234,5.")
    assert "…" in listed[0], "a long name is shortened in the list"
    assert page.problems.heading.text().startswith("В периоде 2 ячейки")
    page.problems.problems.itemClicked.emit(page.problems.problems.item(1))
    current = page.table.currentIndex()
    assert (current.row(), current.column()) == (row_of(page, "2.1"), IndicatorGridModel.COL_FACT)
    assert page.cell_message.text() == "«тридцать» — не число; пример: 1 234,5."


def test_a_fixed_value_leaves_the_problem_list(window: MainWindow, qtbot: QtBot) -> None:
    page = open_grid(window, qtbot)
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, "-3")
    assert any(text.startswith("1.1 ") for text in _listed(page))
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, "25")  # plan 26: close enough to need no comment
    assert _listed(page) == []
    assert not page.problems.problems.isVisible() and page.cell_message.text() == ""


def test_deviation_is_coloured_by_the_indicators_direction(window: MainWindow, qtbot: QtBot) -> None:
    page = open_grid(window, qtbot)  # 2026-H2: plan of 1.1 (fewer children in care) is 26, of 6.1 (publications) 6
    plan_fewer, plan_more = 26, 6
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, str(plan_fewer + 1))
    assert _colour(page, "1.1") == RED, "more children in institutions than planned is bad"
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, str(plan_fewer - 2))
    assert _colour(page, "1.1") == GREEN, "two fewer than planned is within reach and good"
    type_into(page, "6.1", IndicatorGridModel.COL_FACT, str(plan_more - 5))
    assert _colour(page, "6.1") == RED, "far below plan on a «more is better» indicator is bad"
    deviation_cell = page.model.index(row_of(page, "6.1"), IndicatorGridModel.COL_DEVIATION)
    assert deviation_cell.data() == f"-{plan_more - 1}"
    page.table.setCurrentIndex(deviation_cell)
    assert page.cell_message.text() == (
        f"Факт ниже плана на {plan_more - 1}, а желаемое направление показателя — рост: план не выполнен."
    )


def test_a_huge_drop_is_not_shown_as_a_plain_success(window: MainWindow, qtbot: QtBot) -> None:
    page = open_grid(window, qtbot)
    plan = 26  # 1.1 in 2026-H2, wanted direction: decrease
    fact = 0
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, str(fact))
    assert page.model.index(row_of(page, "1.1"), IndicatorGridModel.COL_DEVIATION).data() == f"-{plan - fact}"
    assert _colour(page, "1.1") == AMBER
    page.table.setCurrentIndex(page.model.index(row_of(page, "1.1"), IndicatorGridModel.COL_DEVIATION))
    assert page.cell_message.text().startswith(f"Факт ниже плана на {plan - fact}: это больше")


def test_rows_show_at_most_three_lines_and_the_name_gets_the_width(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 720)
    QGuiApplication.processEvents()
    page = open_grid(window, qtbot)
    page.table.resizeRowsToContents()
    line = page.table.fontMetrics().lineSpacing()
    tallest = max(page.table.rowHeight(row) for row in range(page.model.rowCount()))
    assert tallest <= 3 * line + 12, f"{tallest} px is more than three lines of {line} px"
    header = page.table.horizontalHeader()
    name_width = header.sectionSize(IndicatorGridModel.COL_NAME)
    others = [header.sectionSize(column) for column in range(page.model.columnCount()) if column != 1]
    assert name_width >= max(others), (name_width, others)
    long_row = max(range(page.model.rowCount()), key=lambda row: len(page.model.rows()[row].name))
    tooltip = page.model.data(page.model.index(long_row, IndicatorGridModel.COL_NAME), 3)
    name = page.model.rows()[long_row].name
    assert tooltip == name, "the whole name is on hover"
    shown = clamp_text(name, page.table.font(), 200, 3)
    assert len(shown.split(LINE_BREAK)) == 3 and shown.endswith("…"), "the third line says the name goes on"
    assert window.width() <= 1280 and window.height() <= 720
