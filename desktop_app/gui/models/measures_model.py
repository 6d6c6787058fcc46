"""Rows of the measures table."""

from __future__ import annotations

from desktop_app.gui.models.row_table import RowTableModel
from desktop_app.services.registry import MeasureRow


class MeasuresTableModel(RowTableModel[MeasureRow]):
    COL_NUMBER, COL_NAME, COL_DEADLINE, COL_EXECUTORS, COL_RESULT = range(5)
    HEADERS = ("№", "Наименование мероприятия", "Срок реализации", "Ответственные исполнители", "Ожидаемый результат")

    def display(self, row: MeasureRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return row.full_number
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_DEADLINE:
            return row.deadline_text
        if column == self.COL_EXECUTORS:
            return "; ".join(row.executors)
        if column == self.COL_RESULT:
            return row.expected_result
        return ""
