"""Rows of the audit trail table."""

from __future__ import annotations

import html

from desktop_app.gui.models.paged_table import PagedTableModel
from desktop_app.services.audit_log import AuditRow


def format_timestamp(row: AuditRow) -> str:
    return row.at.astimezone().strftime("%d.%m.%Y %H:%M:%S")


class AuditTableModel(PagedTableModel[AuditRow, int]):
    """The journal, newest first, a page at a time; the key is the number of the last entry shown."""

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


def journal_entry_html(row: AuditRow) -> str:
    """One journal entry in a details pane («Журнал», a family's «История»): what, when, who, and each field's
    old and new value in words."""
    lines = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{html.escape(old)}</td><td>{html.escape(new)}</td></tr>"
        for name, old, new in row.lines
    )
    table = (
        "<table border='1' cellspacing='0' cellpadding='3'><tr><th>Поле</th><th>Было</th><th>Стало</th></tr>"
        f"{lines}</table>"
        if lines
        else ""
    )
    return (
        f"<p><b>{html.escape(row.summary)}</b><br>{format_timestamp(row)}, пользователь "
        f"{html.escape(row.user_login)}, действие: {html.escape(row.action_label)}</p>{table}"
    )
