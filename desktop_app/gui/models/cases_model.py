"""The register of support cases: loads one page at a time as the user scrolls; an overdue review is red."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.case_terms import CaseCategory, CaseStage
from desktop_app.domain.periods import format_date
from desktop_app.gui.models.paged_table import PAGE_SIZE as PAGE_SIZE
from desktop_app.gui.models.paged_table import PagedTableModel
from desktop_app.gui.models.row_table import DISPLAY_ROLE, TOOLTIP_ROLE
from desktop_app.services.case_register import CasePageKey, CaseRow

OVERDUE_RED = QColor("#b00020")
_FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole
_BACKGROUND_ROLE = Qt.ItemDataRole.BackgroundRole
_OVERDUE = QBrush(OVERDUE_RED)
_CLOSED = QBrush(QColor("#eeeeee"))
_Index = QModelIndex | QPersistentModelIndex


def short_category(category: CaseCategory) -> str:
    """«ТЖС», «СОП», or the whole label where it has no abbreviation."""
    return category.label.split(" — ")[0]


def review_text(next_review_on: object, overdue: bool) -> str:
    text = format_date(next_review_on)  # type: ignore[arg-type]
    return f"{text} — просрочен" if overdue and text else text


class CasesTableModel(PagedTableModel[CaseRow, CasePageKey]):
    HEADERS = ("Код", "Семья", "Категория", "Этап", "С даты", "Куратор", "Следующий пересмотр", "Детей")
    SORT_KEYS = ("code", "family", "category", "stage", "stage_since", "curator", "next_review_on", "")
    COL_FAMILY = 1
    COL_CATEGORY = 2
    COL_REVIEW = 6

    def display(self, row: CaseRow, column: int) -> str:
        if column == 0:
            return row.code
        if column == 1:
            return row.family
        if column == 2:
            return short_category(row.category)
        if column == 3:
            return row.stage.label
        if column == 4:
            return format_date(row.stage_since)
        if column == 5:
            return row.curator
        if column == 6:
            return review_text(row.next_review_on, row.review_overdue)
        return str(row.children)

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid():
            return None
        if role == _FOREGROUND_ROLE:
            row = self.row_at(index.row())
            return _OVERDUE if row is not None and row.review_overdue and index.column() == self.COL_REVIEW else None
        if role == _BACKGROUND_ROLE:
            row = self.row_at(index.row())
            return _CLOSED if row is not None and row.stage is CaseStage.CLOSED else None
        if role == TOOLTIP_ROLE and index.column() == self.COL_CATEGORY:
            row = self.row_at(index.row())
            return row.category.label if row is not None else None
        return super().data(index, role)
