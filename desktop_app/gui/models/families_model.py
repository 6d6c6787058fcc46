"""The register table: loads one page at a time as the user scrolls, so 100 000 families open at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.periods import format_date
from desktop_app.gui.models.row_table import DISPLAY_ROLE
from desktop_app.gui.models.sparse_table import PAGE_SIZE as PAGE_SIZE
from desktop_app.gui.models.sparse_table import SparseTableModel
from desktop_app.services.family_register import PageKey
from desktop_app.services.family_rows import FamilyRow

_BACKGROUND_ROLE = Qt.ItemDataRole.BackgroundRole
_STAGE_COLOURS = {
    FamilyStage.IN_REGISTER: QBrush(QColor("#e6f4ea")),
    FamilyStage.ACTIVE: QBrush(QColor("#d2ecd9")),
    FamilyStage.PAUSED: QBrush(QColor("#fff4d6")),
    FamilyStage.EXCLUDED: QBrush(QColor("#eeeeee")),
}
_Index = QModelIndex | QPersistentModelIndex


class FamiliesTableModel(SparseTableModel[FamilyRow, PageKey]):
    HEADERS = ("Код", "Семья", "Муниципальное образование", "Этап", "С даты", "Мест", "Детей", "Куратор")
    SORT_KEYS = ("code", "name", "municipality", "status", "status_since", "capacity", "placed", "")
    COL_NAME = 1

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
