"""The plan values of one indicator as a table: territories down, periods across. A block copied from Excel
(tab-separated, decimal comma, «1 234,5») pastes from the current cell; a cell that is not a number stays as
typed, red, and keeps the plan from being saved until it is corrected."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop_app.domain.numbers import format_number, parse_number
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.services.catalogue_plans import PlanCell, PlanGrid

_WRONG = QBrush(QColor("#fde2e4"))
_CHANGED = QBrush(QColor("#fff4c2"))


def pasted_block(text: str) -> list[list[str]]:
    """Rows of cells from text copied out of a spreadsheet: lines of tab-separated cells, the final line
    break Excel adds dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


def short_label(period: Period) -> str:
    """A column header narrow enough for a number under it: «II пол. 2025», «III кв. 2025», «07.2025», «2025 год»."""
    roman = ("I", "II", "III", "IV")
    if period.kind is PeriodKind.HALF_YEAR:
        return f"{roman[period.index - 1]} пол. {period.year}"
    if period.kind is PeriodKind.QUARTER:
        return f"{roman[period.index - 1]} кв. {period.year}"
    if period.kind is PeriodKind.MONTH:
        return f"{period.index:02d}.{period.year}"
    return f"{period.year} год"


def read_cell(text: str) -> float | None:
    """A cell's number («1 234,5», «12.5», «» for none); ValueError when it is not one."""
    return parse_number(text.replace("\u202f", " "))


class PlanGridTable(QTableWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planGrid")
        self.grid: PlanGrid | None = None
        self._filling = False
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setDefaultSectionSize(104)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.itemChanged.connect(self._item_changed)

    def set_grid(self, grid: PlanGrid | None) -> None:
        self.grid = grid
        self._filling = True
        self.clear()
        periods = grid.periods if grid else ()
        territories = grid.territories if grid else ()
        self.setColumnCount(len(periods))
        self.setRowCount(len(territories))
        self.setHorizontalHeaderLabels([short_label(period) for period in periods])
        self.setVerticalHeaderLabels([grid.territory_label(t) for t in territories] if grid else [])
        for row, territory in enumerate(territories):
            for column, period in enumerate(periods):
                value = grid.value(territory, period) if grid else None
                item = QTableWidgetItem(format_number(value, 3))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(f"{grid.territory_label(territory) if grid else ''}, {period.label}")
                if grid and grid.read_only_reason:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.setItem(row, column, item)
        self._filling = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QApplication.clipboard().text())
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            for item in self.selectedItems():
                item.setText("")
            return
        super().keyPressEvent(event)

    def paste(self, text: str) -> int:
        """Fill the block from the current cell (the top left of the selection); cells beyond the grid are
        left out. Returns how many cells took a value."""
        if self.grid is None or self.grid.read_only_reason:
            return 0
        top = min((index.row() for index in self.selectedIndexes()), default=max(0, self.currentRow()))
        left = min((index.column() for index in self.selectedIndexes()), default=max(0, self.currentColumn()))
        filled = 0
        for row_offset, cells in enumerate(pasted_block(text)):
            for column_offset, cell in enumerate(cells):
                item = self.item(top + row_offset, left + column_offset)
                if item is not None:
                    item.setText(cell.strip())
                    filled += 1
        return filled

    def problems(self) -> list[str]:
        """«Тогучинский район, I полугодие 2024 г.: «много» — не число» for every cell that is not a number."""
        found = []
        for row, column, text in self._cells():
            try:
                read_cell(text)
            except ValueError:
                found.append(f"{self._where(row, column)}: «{text}» — не число")
        return found

    def changed_cells(self) -> list[PlanCell]:
        """The cells whose number differs from the loaded plan (an emptied one removes its plan)."""
        if self.grid is None:
            return []
        cells = []
        for row, column, text in self._cells():
            try:
                value = read_cell(text)
            except ValueError:
                continue
            territory, period = self.grid.territories[row], self.grid.periods[column]
            if value != self.grid.value(territory, period):
                cells.append(PlanCell(territory, period, value))
        return cells

    def mark_errors(self, keys: dict[str, str]) -> None:
        """Colour the cells the service refused («territory|period» → message) and say why in their tooltip."""
        if self.grid is None:
            return
        for key, message in keys.items():
            territory, _, code = key.partition("|")
            if territory in self.grid.territories:
                period = Period.parse(code)
                if period in self.grid.periods:
                    item = self.item(self.grid.territories.index(territory), self.grid.periods.index(period))
                    if item is not None:
                        item.setBackground(_WRONG)
                        item.setToolTip(message)

    def _cells(self) -> list[tuple[int, int, str]]:
        return [
            (row, column, item.text())
            for row in range(self.rowCount())
            for column in range(self.columnCount())
            if (item := self.item(row, column)) is not None
        ]

    def _where(self, row: int, column: int) -> str:
        assert self.grid is not None
        return f"{self.grid.territory_label(self.grid.territories[row])}, {self.grid.periods[column].label}"

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or self.grid is None:
            return
        self._filling = True
        try:
            value = read_cell(item.text())
        except ValueError:
            item.setBackground(_WRONG)
            item.setToolTip("Не число: пишите как 1 234,5")
        else:
            territory, period = self.grid.territories[item.row()], self.grid.periods[item.column()]
            changed = value != self.grid.value(territory, period)
            item.setBackground(_CHANGED if changed else QBrush())
            item.setToolTip(self._where(item.row(), item.column()))
        self._filling = False
        self.edited.emit()
