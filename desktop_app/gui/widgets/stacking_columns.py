"""Two columns side by side where they fit, one under the other where they do not.

A card of fields beside a list of documents suits a 1280-pixel screen; at 125 % (1024 logical pixels) the two
need more than the card has, and a card that scrolls sideways hides half of every field. Under each other they
scroll down only, like every other long panel.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLayout, QWidget

Direction = QBoxLayout.Direction


class StackingColumns(QWidget):
    """``left`` and ``right`` (layouts) share the width by ``stretches`` when both fit, else ``right`` goes below."""

    def __init__(self, left: QLayout, right: QLayout, stretches: tuple[int, int] = (1, 1)) -> None:
        super().__init__()
        self.left, self.right = left, right
        self.columns = QBoxLayout(Direction.LeftToRight, self)
        self.columns.setContentsMargins(0, 0, 0, 0)
        # the widget's least width is that of the stacked columns, not of both side by side (see minimumSizeHint)
        self.columns.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.columns.addLayout(left, stretches[0])
        self.columns.addLayout(right, stretches[1])

    def side_by_side_width(self) -> int:
        margins = self.columns.contentsMargins()
        both = self.left.minimumSize().width() + self.right.minimumSize().width()
        return both + self.columns.spacing() + margins.left() + margins.right()

    def side_by_side(self) -> bool:
        return self.columns.direction() == Direction.LeftToRight

    def minimumSizeHint(self) -> QSize:
        width = max(self.left.minimumSize().width(), self.right.minimumSize().width())
        return QSize(width, self.columns.minimumSize().height())

    def sizeHint(self) -> QSize:
        return self.columns.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        wanted = Direction.LeftToRight if event.size().width() >= self.side_by_side_width() else Direction.TopToBottom
        if self.columns.direction() != wanted:
            self.columns.setDirection(wanted)
            self.updateGeometry()  # the height the columns need has changed
        super().resizeEvent(event)
