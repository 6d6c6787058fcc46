"""Long names of measures and indicators: at most three lines in a row, the whole name a hover away, the name
column the widest, and column titles never clipped."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.dashboard_page import DashboardPage
from desktop_app.gui.pages.measures_page import MeasuresPage
from tests.gui.test_dashboard import open_dashboard
from tests.gui.test_fit_720 import _open

PADDING = 8  # the cell's margins around its lines of text


def _tallest_row(table: QTableView) -> int:
    return max(table.rowHeight(row) for row in range(table.model().rowCount()))


def _three_lines(table: QTableView) -> int:
    return 3 * table.fontMetrics().lineSpacing() + PADDING


def _header_clipped(table: QTableView) -> list[str]:
    """Titles that do not fit their column even when wrapped onto two lines."""
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    clipped = []
    for column in range(table.model().columnCount()):
        if table.isColumnHidden(column):
            continue
        title = str(table.model().headerData(column, Qt.Orientation.Horizontal))
        room = header.sectionSize(column) - 8  # the section's own margins
        wrapped = metrics.boundingRect(QRect(0, 0, room, 1000), int(Qt.TextFlag.TextWordWrap), title)
        longest_word = max(metrics.horizontalAdvance(word) for word in title.split())
        if longest_word > room or wrapped.height() > 2 * metrics.lineSpacing() or wrapped.height() > header.height():
            clipped.append(title)
    return clipped


def _widths(table: QTableView) -> dict[int, int]:
    return {c: table.columnWidth(c) for c in range(table.model().columnCount()) if not table.isColumnHidden(c)}


def test_a_measure_row_shows_at_most_three_lines_and_the_whole_name_on_hover(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 720)
    page = _open(window, qtbot, "measures")
    assert isinstance(page, MeasuresPage)
    table, model = page.table, page.model
    assert _tallest_row(table) <= _three_lines(table)
    longest = max(range(model.rowCount()), key=lambda row: len(model.row_at(row).name))  # type: ignore[union-attr]
    name = model.index(longest, model.COL_NAME)
    full = model.row_at(longest).name  # type: ignore[union-attr]
    assert len(full) > 200  # the demo's plan has names of several lines
    assert name.data(Qt.ItemDataRole.ToolTipRole) == full


def test_measure_column_titles_fit_their_columns(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 720)
    page = _open(window, qtbot, "measures")
    assert isinstance(page, MeasuresPage)
    assert _header_clipped(page.table) == []
    widths = _widths(page.table)
    assert widths[page.model.COL_NAME] == max(widths.values()), widths


def test_dashboard_rows_show_at_most_three_lines_with_the_name_on_hover(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 720)
    page = open_dashboard(window, qtbot)
    for table, name_column in ((page.indicators, 1), (page.overdue, 1), (page.targets, 0), (page.forms, 0)):
        if not table.rowCount():
            continue
        assert _tallest_row(table) <= _three_lines(table), table.objectName()
        assert _header_clipped(table) == []
        widths = _widths(table)
        assert widths[name_column] == max(widths.values()), widths
        for row in range(table.rowCount()):
            item = table.item(row, name_column)
            assert item.toolTip() == item.text()


def test_each_dashboard_block_shows_at_least_two_rows_at_1280_by_720(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 720)
    page = _open(window, qtbot, "dashboard")  # today's period: overdue measures, a target short, forms to fill
    assert isinstance(page, DashboardPage)
    shown = {}
    for name, table in (
        ("indicators", page.indicators),
        ("overdue", page.overdue),
        ("targets", page.targets),
        ("forms", page.forms),
    ):
        # rows wholly inside the visible part of the table's viewport
        visible = table.viewport().visibleRegion().boundingRect()
        seen = sum(
            1
            for row in range(table.rowCount())
            if visible.contains(QRect(0, table.rowViewportPosition(row), 1, table.rowHeight(row)))
        )
        shown[name] = (seen, table.rowCount())
    assert all(seen >= min(2, total) for seen, total in shown.values()), shown
    assert page.indicators.rowCount() >= 2 and page.overdue.rowCount() >= 2 and page.forms.rowCount() >= 2
