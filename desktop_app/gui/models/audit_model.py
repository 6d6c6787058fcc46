"""Rows of the audit trail table."""

from __future__ import annotations

from desktop_app.gui.models.row_table import RowTableModel
from desktop_app.services.audit_log import AuditRow


def format_timestamp(row: AuditRow) -> str:
    return row.at.astimezone().strftime("%d.%m.%Y %H:%M:%S")


class AuditTableModel(RowTableModel[AuditRow]):
    COL_AT, COL_USER, COL_ACTION, COL_SUMMARY = range(4)
    HEADERS = ("Дата и время", "Пользователь", "Действие", "Что изменено")

    def display(self, row: AuditRow, column: int) -> str:
        if column == self.COL_AT:
            return format_timestamp(row)
        if column == self.COL_USER:
            return row.user_login
        if column == self.COL_ACTION:
            return row.action_label
        if column == self.COL_SUMMARY:
            return row.summary
        return ""
