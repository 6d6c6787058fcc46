"""The register table: loads one page at a time as the user scrolls, so 100 000 families open at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.periods import format_date
from desktop_app.gui.models.row_table import DISPLAY_ROLE, RowTableModel
from desktop_app.services.family_register import FamilyRow, PageKey

PAGE_SIZE = 200
_BACKGROUND_ROLE = Qt.ItemDataRole.BackgroundRole
_STAGE_COLOURS = {
    FamilyStage.IN_REGISTER: QBrush(QColor("#e6f4ea")),
    FamilyStage.ACTIVE: QBrush(QColor("#d2ecd9")),
    FamilyStage.PAUSED: QBrush(QColor("#fff4d6")),
    FamilyStage.EXCLUDED: QBrush(QColor("#eeeeee")),
}
_Index = QModelIndex | QPersistentModelIndex


class FamiliesTableModel(RowTableModel[FamilyRow]):
    HEADERS = ("Код", "Семья", "Муниципальное образование", "Этап", "С даты", "Мест", "Детей", "Куратор")
    SORT_KEYS = ("code", "name", "municipality", "status", "status_since", "capacity", "placed", "")
    COL_NAME = 1

    more_wanted = Signal(int)  # the offset of the next page; it starts after ``next_key``

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        self.generation = 0
        self.next_key: PageKey | None = None  # where the next page starts (the register seeks it); None: no more
        self._fetching = False

    def set_result(
        self, total: int, rows: Sequence[FamilyRow], generation: int, next_key: PageKey | None = None
    ) -> None:
        if generation != self.generation:
            return
        self.total = total
        self.next_key = next_key
        self._fetching = False
        self.set_rows(rows)

    def start_generation(self) -> int:
        """A new query: pages of earlier ones that arrive late are dropped."""
        self.generation += 1
        self._fetching = False
        return self.generation

    def append_page(self, rows: Sequence[FamilyRow], generation: int, next_key: PageKey | None = None) -> None:
        if generation != self.generation:
            return  # a page of an earlier query: the fetch of this one may still be under way
        self._fetching = False
        self.next_key = next_key
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid() and not self._fetching and self.next_key is not None and len(self._rows) < self.total
        )

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetching = True
            self.more_wanted.emit(len(self._rows))

    def display(self, row: FamilyRow, column: int) -> str:
        if column == 0:
            return row.code
        if column == 1:
            return row.name
        if column == 2:
            return row.municipality
        if column == 3:
            return row.stage.label
        if column == 4:
            return format_date(row.status_since)
        if column == 5:
            return str(row.capacity)
        if column == 6:
            return str(row.placed)
        return row.supervisor

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        if role == _BACKGROUND_ROLE and index.isValid():
            row = self.row_at(index.row())
            return _STAGE_COLOURS.get(row.stage) if row else None
        return super().data(index, role)
