"""The read-only list tables of the dialogs and panels: whole rows selected one at a time, no row numbers.

Also the rule for long names in any table: a row shows at most three lines of a name (the whole name is in the
tooltip and in the card of the selected row), and headers wrap onto two lines instead of being clipped."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
)

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
    table.setTabKeyNavigation(False)  # Tab goes on to the buttons; ↑/↓ choose the row
    table.selectionModel().currentRowChanged.connect(lambda current, _previous: _select_current(table, current))
    return table


def _select_current(table: QTableWidget, current: QModelIndex) -> None:
    """Tab into a list puts the keyboard on its first row without choosing it, so the buttons that act on the
    chosen row stayed disabled for a keyboard user: the row the keyboard is on is the chosen one."""
    if current.isValid() and not table.selectionModel().hasSelection():
        table.selectRow(current.row())


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


LINE_BREAK = "\u2028"  # a line break inside one paragraph: each kept line is drawn as it was laid out


def clamp_text(text: str, font: QFont, width: int, lines: int) -> str:
    """``text`` as it wraps into ``width`` pixels in ``font``, cut to ``lines`` lines, the last ending in «…»
    when anything was cut; unchanged when it fits."""
    if width <= 0 or lines <= 0 or not text:
        return text
    text = text.replace("\r\n", LINE_BREAK).replace("\n", LINE_BREAK)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    laid_out: list[int] = []  # where each line starts
    layout.beginLayout()
    while len(laid_out) <= lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        laid_out.append(line.textStart())
    layout.endLayout()
    if len(laid_out) <= lines:
        return text
    kept = [text[start:end].rstrip(LINE_BREAK + " ") for start, end in zip(laid_out, laid_out[1:lines], strict=False)]
    rest = " ".join(text[laid_out[lines - 1] :].replace(LINE_BREAK, " ").split())
    kept.append(QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return LINE_BREAK.join(kept)


class ClampedTextDelegate(QStyledItemDelegate):
    """Draws a cell's text cut to the whole lines its row has room for, the last ending in «…», instead of Qt's
    half-clipped line under the last whole one; the whole text stays in the tooltip."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        widget = item.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        width = text_rect.width() - 2 * margin
        lines = max(1, (text_rect.height() - 2) // QFontMetrics(item.font).lineSpacing())  # type: ignore[attr-defined]
        item.text = clamp_text(item.text, item.font, width, lines)  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
