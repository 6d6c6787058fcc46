"""«Статистика размещений» fits 1280×720, ends with the year's totals and saves the same table to Excel."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.gui.dialogs.placement_stats_dialog import PlacementStatsDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from tests.gui.helpers import settle


def monthly_2025(window: MainWindow, qtbot: QtBot) -> PlacementStatsDialog:
    window.resize(1280, 720)
    window.open_page("families")
    page = window.current_page()
    assert isinstance(page, FamiliesPage)
    dialog = page.open_statistics()
    dialog.year.setValue(2025)
    dialog.kind.setCurrentIndex(dialog.kind.findData("month"))
    settle(page, qtbot)
    qtbot.waitUntil(lambda: len(dialog.counts) == 12 and dialog.table.rowCount() == 13, timeout=10_000)
    return dialog


def table_rows(dialog: PlacementStatsDialog) -> list[list[str]]:
    table = dialog.table
    columns = range(table.columnCount())
    return [[table.item(row, column).text() for column in columns] for row in range(table.rowCount())]


def test_the_dialog_fits_1280_by_720_with_readable_columns(window: MainWindow, qtbot: QtBot) -> None:
    dialog = monthly_2025(window, qtbot)
    qtbot.waitExposed(dialog)
    screen = QApplication.primaryScreen().availableGeometry()
    frame = dialog.frameGeometry()
    assert frame.width() <= min(1280, screen.width()) and frame.height() <= min(720, screen.height())
    for button in dialog.findChildren(QPushButton):
        if button.isVisible():
            corner = button.mapTo(dialog, button.rect().bottomRight())
            assert dialog.rect().contains(corner), button.text()
    table = dialog.table
    assert table.horizontalScrollBar().maximum() == 0, "every column is in view without scrolling"
    header = table.horizontalHeader()
    widths = [header.sectionSize(column) for column in range(table.columnCount())]
    assert min(widths) >= 60
    labels = [header.model().headerData(column, header.orientation()) for column in range(table.columnCount())]
    assert all("\n" in label for label in labels if len(label) > 16)  # long names wrap, not widen


def test_the_last_row_holds_the_years_totals(window: MainWindow, qtbot: QtBot) -> None:
    dialog = monthly_2025(window, qtbot)
    rows = table_rows(dialog)
    months, totals = rows[:-1], rows[-1]
    assert totals[0] == "Итого за год"
    for column in range(1, len(totals) - 1):
        assert int(totals[column]) == sum(int(month[column]) for month in months)
    assert totals[-1] == months[-1][-1]  # still placed at the end of the year, not a sum of months
    # the demo (test_families_screen): two children placed in 2025, one returned
    assert totals[1] == "2"
    assert dialog.table.item(len(rows) - 1, 1).font().bold()


def test_excel_holds_the_same_rows_and_totals(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = monthly_2025(window, qtbot)
    assert dialog.excel_button.isEnabled() and dialog.excel_button.text() == "В Excel…"
    target = tmp_path / "статистика.xlsx"
    dialog.save_excel(target)
    qtbot.waitUntil(lambda: "Статистика сохранена" in dialog.messages.text(), timeout=10_000)
    sheet = load_workbook(target).active
    cells = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    header_at = next(index for index, row in enumerate(cells) if row[0] == "Период")
    body = [["" if value is None else str(value) for value in row] for row in cells[header_at + 1 :]]
    assert body == table_rows(dialog)
    assert body[-1][0] == "Итого за год"


def test_an_unwritable_place_gives_one_russian_sentence_and_no_file(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = monthly_2025(window, qtbot)
    place = tmp_path / "выгрузка"
    place.mkdir()
    blocker = place / "файл"
    blocker.write_text("не папка", encoding="utf-8")
    target = blocker / "статистика.xlsx"  # a folder that is a file: nothing can be written there
    dialog.save_excel(target)
    qtbot.waitUntil(lambda: "Не удалось сохранить" in dialog.messages.text(), timeout=10_000)
    message = dialog.messages.text()
    assert message.count(".") >= 1 and "Traceback" not in message and "Errno" not in message
    assert not target.exists()
    assert sorted(path.name for path in place.iterdir()) == ["файл"]
