"""One line of text in a few parts, each with its own weight and colour, that ends each part in «…» when the line
has less room than its text — the one-line cousin of ElidedLabel for a line such as «I полугодие 2026 г.: сейчас
«Сводный отчёт», срок 08.07.2026 · опаздывают: ЦССУ» whose last part is in red.

A rich-text QLabel cannot elide: it wraps (and grows tall) or widens the window. Cutting the whole line at the
right would drop its last part first, and that is often the part that matters (who is late): here every part gets
an even share of a short line, and a part that needs less than its share gives the rest to the others; a part may
be kept whole before the others are given room (a deadline), or be left out rather than cut (a period's name)."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

SHORTEST = 8  # characters of the first part kept before «…» in the smallest width the line asks for


@dataclass(frozen=True)
class Part:
    text: str
    bold: bool = False
    colour: str = ""  # a colour name QColor reads («#b00020»); "" — the palette's text colour
    kept: bool = False  # given its whole width before the others are given any (a deadline)
    whole: bool = False  # shown whole or not at all (a period's name cut to «I полуго…» says nothing)


def shares(widths: Sequence[int], room: int, kept: Collection[int] = (), whole: Collection[int] = ()) -> list[int]:
    """The width each part gets: its own when all fit. Otherwise the ``kept`` parts first, then the room left split
    evenly among the others, a part needing less than an even share keeping only what it needs and leaving the
    rest to the others; a ``whole`` part that would be cut gets nothing and leaves its share to the others."""
    given = [0] * len(widths)
    room = max(room, 0)
    first = [index for index in range(len(widths)) if index in kept]
    for index, width in zip(first, _even([widths[index] for index in first], room), strict=True):
        given[index] = width
    room -= sum(given)
    rest = [index for index in range(len(widths)) if index not in kept]
    while True:
        even = _even([widths[index] for index in rest], room)
        cut = [index for index, width in zip(rest, even, strict=True) if index in whole and width < widths[index]]
        if not cut:
            break
        rest = [index for index in rest if index not in cut]
    for index, width in zip(rest, even, strict=True):
        given[index] = width
    return given


def _even(widths: Sequence[int], room: int) -> list[int]:
    given = [0] * len(widths)
    left = [index for index, width in enumerate(widths) if width > 0]
    while left:
        share = room // len(left)
        small = [index for index in left if widths[index] <= share]
        if not small:
            for index in left:
                given[index] = share
            given[left[-1]] += room - share * len(left)
            break
        for index in small:
            given[index] = widths[index]
            room -= widths[index]
        left = [index for index in left if index not in small]
    return given


class ElidedParts(QWidget):
    """The line; ``text()`` is the whole text, ``shown_text()`` the text as drawn in the width it has now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parts: tuple[Part, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_parts(self, parts: Sequence[Part]) -> None:
        self._parts = tuple(parts)
        self.updateGeometry()
        self.update()

    def parts(self) -> tuple[Part, ...]:
        return self._parts

    def text(self) -> str:
        return "".join(part.text for part in self._parts)

    def _font(self, part: Part) -> QFont:
        font = QFont(self.font())
        font.setBold(part.bold)
        return font

    def _widths(self) -> list[int]:
        # rounded up, and a pixel over: a part given exactly its rounded width was cut to «…» by elidedText
        return [math.ceil(QFontMetricsF(self._font(part)).horizontalAdvance(part.text)) + 1 for part in self._parts]

    def _shown(self) -> list[str]:
        kept = [index for index, part in enumerate(self._parts) if part.kept]
        whole = [index for index, part in enumerate(self._parts) if part.whole]
        given = shares(self._widths(), self.contentsRect().width(), kept, whole)
        return [
            QFontMetrics(self._font(part)).elidedText(part.text, Qt.TextElideMode.ElideRight, width)
            for part, width in zip(self._parts, given, strict=True)
        ]

    def shown_text(self) -> str:
        return "".join(self._shown())

    def is_elided(self) -> bool:
        return self.shown_text() != self.text()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        bold = QFontMetrics(self._font(Part("", bold=True)))
        height = max(self.fontMetrics().height(), bold.height()) + margins.top() + margins.bottom()
        return QSize(sum(self._widths()) + margins.left() + margins.right(), height)

    def minimumSizeHint(self) -> QSize:
        first = self._parts[0] if self._parts else Part("")
        shortest = QFontMetrics(self._font(first)).horizontalAdvance(first.text[:SHORTEST] + "…")
        margins = self.contentsMargins()
        return QSize(shortest + margins.left() + margins.right(), self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self.contentsRect()
        x = area.left()
        for part, shown in zip(self._parts, self._shown(), strict=True):
            if not shown:
                continue
            font = self._font(part)
            painter.setFont(font)
            painter.setPen(QColor(part.colour) if part.colour else self.palette().color(self.foregroundRole()))
            width = math.ceil(QFontMetricsF(font).horizontalAdvance(shown))
            box = QRect(x, area.top(), width, area.height())
            painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
            x += width
