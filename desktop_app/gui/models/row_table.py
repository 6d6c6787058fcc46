"""A read-only table model over a list of plain row objects (the services' result dataclasses)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

RowT = TypeVar("RowT")

# Bound once: looking the enum up on every data() call doubles the cost of sorting and filtering.
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole
TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole
ALIGN_ROLE = Qt.ItemDataRole.TextAlignmentRole
HORIZONTAL = Qt.Orientation.Horizontal
ALIGN_TOP_LEFT = int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

_Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """Subclasses list ``HEADERS`` and implement ``display(row, column)``."""

    HEADERS: Sequence[str] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[RowT] = []

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE) -> Any:
        if role == DISPLAY_ROLE and orientation == HORIZONTAL and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == DISPLAY_ROLE or role == TOOLTIP_ROLE:
            return self.display(self._rows[index.row()], index.column())
        if role == ALIGN_ROLE:
            return ALIGN_TOP_LEFT
        return None

    def display(self, row: RowT, column: int) -> str:
        raise NotImplementedError
