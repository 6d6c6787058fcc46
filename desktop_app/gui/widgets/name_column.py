"""The name column of a register table gets the width: the other columns give way when the table is narrow.

At 1280 px the other columns keep the widths they were designed with; on a 1280×720 monitor at 125 % scaling
(1024 logical pixels) those widths alone would fill the table and squeeze the names of measures and indicators to
a word per line. Then the other columns are narrowed to one common cap, but not below the longest word of their
header, until the name column is readable and at least as wide as any of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

SMALLEST_CAP = 40  # narrower, a number such as «1 234,5» no longer fits a cell
NAME_CHARS = 28  # a name column narrower than this shows two or three words a line


def capped_widths(
    preferred: Mapping[int, int], room: int, floors: Mapping[int, int] | None = None, name_least: int = 0
) -> dict[int, int]:
    """The widths of the columns other than the name, which gets what is left of ``room``.

    Each column keeps its ``preferred`` width while the name column is at least ``name_least`` wide and as wide as
    any other; otherwise all are cut to one common cap, first not below their ``floors`` (a header's longest word),
    then, on a very narrow table, below them too, so that the name is never the narrowest column."""
    if not preferred:
        return {}
    floors = floors or {}
    for least, floored in ((name_least, True), (0, True), (0, False)):
        cap = max(preferred.values())
        while True:
            widths = {
                column: max(min(width, cap), floors.get(column, 0) if floored else 0)
                for column, width in preferred.items()
            }
            if room - sum(widths.values()) >= max(least, *widths.values()):
                return widths
            if cap <= SMALLEST_CAP:
                break
            cap -= 1
    return {column: min(width, SMALLEST_CAP) for column, width in preferred.items()}


class NameColumnFit(QObject):
    """Keeps ``name_column`` of ``table`` stretched, readable and at least as wide as any other column.

    ``preferred`` are the widths of the other columns on a large screen. They are set again only when the table
    changes its width, so a column the user widened by hand stays so until the window is resized."""

    def __init__(
        self, table: QTableView, name_column: int, preferred: Mapping[int, int], rows_follow: bool = False
    ) -> None:
        """``rows_follow``: rows sized to their contents are sized again when the name column changes its width,
        so that a name never keeps the height it had in a wider or narrower column."""
        super().__init__(table)
        self.table = table
        self.name_column = name_column
        self.preferred = {column: width for column, width in preferred.items() if column != name_column}
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(name_column, QHeaderView.ResizeMode.Stretch)
        self._width = -1
        # once the header has laid out its sections: the name's width follows the other columns' widths
        self._rows_timer = QTimer(self, singleShot=True, interval=0)
        self._rows_timer.timeout.connect(table.resizeRowsToContents)
        if rows_follow:
            header.sectionResized.connect(self._section_resized)
        table.viewport().installEventFilter(self)
        table.model().modelReset.connect(self.fit)
        table.model().headerDataChanged.connect(self.fit)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.table.viewport().width() != self._width:
            self.fit()
        return False

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if column == self.name_column:
            self._rows_timer.start()

    def header_floor(self, column: int) -> int:
        """The width of the longest word of ``column``'s title: headers wrap, but a word is never cut."""
        title = str(self.table.model().headerData(column, Qt.Orientation.Horizontal) or "")
        header = self.table.horizontalHeader()
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        longest = max((header.fontMetrics().horizontalAdvance(word) for word in title.split()), default=0)
        return longest + 2 * margin + 2  # the section's margins and its grid line

    def fit(self) -> None:
        self._width = self.table.viewport().width()
        shown = {column: width for column, width in self.preferred.items() if not self.table.isColumnHidden(column)}
        floors = {column: min(width, self.header_floor(column)) for column, width in shown.items()}
        name_least = self.table.fontMetrics().averageCharWidth() * NAME_CHARS
        for column, width in capped_widths(shown, self._width, floors, name_least).items():
            self.table.setColumnWidth(column, width)
