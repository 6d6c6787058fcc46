"""Rows of the measures table, with overdue measures marked in red and approved ones in green."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.periods import format_date
from desktop_app.gui.models.row_table import RowTableModel, _Index
from desktop_app.services.measure_list import MeasureRow

OVERDUE_BACKGROUND = QBrush(QColor("#fde2e1"))
APPROVED_BACKGROUND = QBrush(QColor("#e3f4e1"))
BACKGROUND_ROLE = Qt.ItemDataRole.BackgroundRole


def report_state(row: MeasureRow) -> str:
    """What the «Отчёт» column says about the chosen period, or about all periods without one."""
    if row.period is None:
        if row.overdue:
            return "просрочено: " + ", ".join(period.label for period in row.overdue_periods)
        return ""
    if row.overdue_in_period:
        return "ПРОСРОЧЕН: отчёта нет"
    if row.status is None or not row.reported:
        return "нет отчёта" if row.due else "не требуется"
    text = row.status.label
    return text + (" · утверждён" if row.approved else "")


class MeasuresTableModel(RowTableModel[MeasureRow]):
    COL_NUMBER, COL_NAME, COL_DEADLINE, COL_EXECUTORS, COL_REPORT, COL_DUE, COL_DOCUMENTS = range(7)
    HEADERS = (
        "№",
        "Наименование мероприятия",
        "Срок реализации",
        "Ответственные исполнители",
        "Отчёт",
        "Отчёт до",
        "Док.",
    )

    def display(self, row: MeasureRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return row.full_number
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_DEADLINE:
            return row.deadline_text
        if column == self.COL_EXECUTORS:
            return "; ".join(row.executors)
        if column == self.COL_REPORT:
            return report_state(row)
        if column == self.COL_DUE:
            return format_date(row.deadline) if row.due else ""
        if column == self.COL_DOCUMENTS:
            return str(row.document_count) if row.document_count else ""
        return ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == BACKGROUND_ROLE and index.isValid():
            row = self.row_at(index.row())
            if row is None:
                return None
            late = row.overdue_in_period if row.period is not None else row.overdue
            if late:
                return OVERDUE_BACKGROUND
            if row.approved:
                return APPROVED_BACKGROUND
            return None
        return super().data(index, role)
