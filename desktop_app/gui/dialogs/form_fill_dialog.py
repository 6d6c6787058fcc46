"""The preview of a filled Excel template: every changed cell (was → becomes) and every wrong cell with its
address and reason, and every value the indicator grid would ask a comment for. Nothing is stored until the
user presses «Загрузить»; a template with errors cannot be."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.window_fit import open_size
from desktop_app.services.form_fill import FillPreview
from desktop_app.services.indicator_sheet import ValueStatus


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    for row_number, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(row_number, column, item)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if column >= len(headers) - 2 else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    table.resizeRowsToContents()
    return table


class FormFillDialog(QDialog):
    def __init__(self, preview: FillPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        state = preview.state
        self.setWindowTitle("Загрузка заполненного шаблона")
        open_size(self, 900, 600)
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"Файл «{preview.source.name}»: форма «{state.form.title}», {state.period.label}, {state.territory}.\n"
            f"Изменений: {len(preview.changes)}, ошибок: {len(preview.issues)}."
        )
        summary.setObjectName("fillSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.issues = _table(
            ["Ячейка", "Вопрос", "Что не так"],
            [[issue.address, issue.question_id, issue.message] for issue in preview.issues],
        )
        if preview.issues:
            warning = QLabel("Шаблон нельзя загрузить, пока в нём есть ошибки: исправьте их в файле и загрузите снова.")
            warning.setStyleSheet("color: #8a1c1c; font-weight: bold;")
            warning.setWordWrap(True)
            layout.addWidget(warning)
            layout.addWidget(self.issues, 1)
        self.warnings = _table(
            ["Ячейка", "Вопрос", "Что пояснить"],
            [[issue.address, issue.question_id, issue.message] for issue in preview.warnings],
        )
        if preview.warnings:
            layout.addWidget(
                QLabel(
                    "Значения сохранятся черновиком, но представить их можно будет только с комментарием"
                    " (как в таблице показателей):"
                )
            )
            layout.addWidget(self.warnings, 1)
        self.changes = _table(
            ["№", "Где", "Было", "Станет"],
            [[change.number or change.question_id, change.where, change.old, change.new] for change in preview.changes],
        )
        layout.addWidget(QLabel("Изменения:" if preview.changes else "Изменений нет: ответы совпадают с сохранёнными."))
        layout.addWidget(self.changes, 2)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("почему меняются утверждённые ответы или значения закрытого периода")
        needs_reason = bool(state.lock_text) or state.status is not ValueStatus.DRAFT
        if needs_reason and preview.can_apply:
            layout.addWidget(QLabel("Причина изменения (ответы представлены, утверждены или период закрыт):"))
            layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("Загрузить")
        self.apply_button.setEnabled(preview.can_apply)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        return self.reason_edit.text().strip()
