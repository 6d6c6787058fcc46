"""A table cell that shows at most a few lines of a long text, the last one ending in «…».

Qt clips a wrapped cell wherever the row ends, half a line included; this cuts at a whole line and says the
text goes on. The whole text stays in the cell's tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

_Index = QModelIndex | QPersistentModelIndex


def clamp_lines(text: str, font: QFont, width: int, lines: int) -> str:
    """``text`` wrapped at ``width`` pixels, cut to ``lines`` lines; the last kept line ends in «…» if cut."""
    if width <= 0 or not text:
        return text
    metrics = QFontMetrics(font)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    starts: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    layout.endLayout()
    if len(starts) <= lines:
        return text
    kept = [text[start : start + length].rstrip() for start, length in starts[: lines - 1]]
    rest = text[starts[lines - 1][0] :]
    kept.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return "\n".join(kept)


class ClampedLinesDelegate(QStyledItemDelegate):
    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        style = option.widget.style() if option.widget is not None else None
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) if style else 2
        return option.rect.width() - 2 * (margin + 1)

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.text = clamp_lines(option.text, option.font, self._text_width(option), self.lines)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        most = option.fontMetrics.lineSpacing() * self.lines + 2 * 4
        return QSize(hint.width(), min(hint.height(), most))
