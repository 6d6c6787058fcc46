"""The read-only list tables of the dialogs and panels: whole rows selected one at a time, no row numbers.

Also the rule for long names in any table: a row shows at most three lines of a name (the whole name is in the
tooltip and in the card of the selected row), and headers wrap onto two lines instead of being clipped."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTableWidget

NAME_LINES = 3  # more lines of a measure's name push the next rows off a 720-pixel screen
HEADER_LINES = 2
ROW_PADDING = 6


def row_table(headers: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    return table


def name_row_height(table: QTableView, lines: int = NAME_LINES) -> int:
    return table.fontMetrics().lineSpacing() * lines + ROW_PADDING


def wrap_header(table: QTableView) -> None:
    """Let header titles wrap onto two lines, so narrow columns keep their whole title («Срок реализации»)."""
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)  # type: ignore[operator]
    header.setMinimumHeight(header.fontMetrics().lineSpacing() * HEADER_LINES + 2 * ROW_PADDING)


def cap_row_heights(table: QTableView, lines: int = NAME_LINES) -> None:
    """Rows sized to their contents, but none taller than ``lines`` lines of text: the rest is in the tooltip."""
    table.resizeRowsToContents()
    tallest = name_row_height(table, lines)
    vertical = table.verticalHeader()
    for row in range(table.model().rowCount()):
        if vertical.sectionSize(row) > tallest:
            vertical.resizeSection(row, tallest)
