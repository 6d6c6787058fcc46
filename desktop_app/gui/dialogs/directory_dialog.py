"""«Справочник организаций»: check the names imported plans brought in, correct them, merge duplicates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.program_definition import DEPARTMENT_LABELS
from desktop_app.domain.roles import Permission
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.field_error import add_field, clear_field_errors, show_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.row_table import row_table
from desktop_app.gui.window_fit import open_size
from desktop_app.services.directory import DirectoryService, OrganisationInput, OrganisationRow


class DirectoryDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Справочник организаций")
        open_size(self, 1100, 600)
        self.context = context
        self.service = DirectoryService(context.db)
        self.rows: list[OrganisationRow] = []
        self.changed = False
        self._pending_message = ""
        can_edit = context.actor.can(Permission.EDIT_DATA)

        self.messages = MessageBar(self)
        headers = ["Краткое наименование", "Полное наименование", "Сфера", "Проверено", "Мер."]
        self.table = row_table(headers, "organisationsTable")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 170), (2, 120), (3, 80), (4, 48)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.short_edit = QLineEdit()
        self.short_edit.setObjectName("organisationShort")
        self.full_edit = QLineEdit()
        self.full_edit.setObjectName("organisationFull")
        self.department_combo = QComboBox()
        self.department_combo.addItem("—", "")
        for key, label in DEPARTMENT_LABELS.items():
            self.department_combo.addItem(label, key)
        form = QFormLayout()
        self.errors = {
            "short_name": add_field(form, "Краткое:", self.short_edit),
            "full_name": add_field(form, "Полное:", self.full_edit),
            "department": add_field(form, "Сфера:", self.department_combo),
        }
        self.save_button = QPushButton("Сохранить и отметить проверенной")
        self.save_button.setObjectName("saveOrganisation")
        self.save_button.clicked.connect(self._save)
        self.merge_combo = QComboBox()
        self.merge_combo.setObjectName("mergeTarget")
        self.merge_button = QPushButton("Объединить с выбранной")
        self.merge_button.setObjectName("mergeOrganisation")
        self.merge_button.setToolTip("Запись-дубликат удаляется, её мероприятия переходят к выбранной организации")
        self.merge_button.clicked.connect(self._merge)
        for widget in (self.save_button, self.merge_button, self.merge_combo):
            widget.setEnabled(can_edit)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.merge_combo, 1)
        merge_row.addWidget(self.merge_button)
        close = QPushButton("Закрыть")
        close.clicked.connect(self.accept)

        editor = QVBoxLayout()
        editor.addLayout(form)
        editor.addWidget(self.save_button)
        editor.addSpacing(16)
        editor.addLayout(merge_row)
        editor.addStretch(1)
        editor.addWidget(close)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(editor, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(body, 1)
        self.reload()

    def reload(self) -> None:
        service, actor = self.service, self.context.actor
        self.context.runner.run(lambda: service.organisations(actor), self._show, self.messages.show_error)

    def _show(self, rows: list[OrganisationRow]) -> None:
        selected = self._selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            checked = "да" if row.is_confirmed else "НЕТ"
            cells = (row.short_name, row.full_name, row.department_label, checked, str(row.measure_count))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not row.is_confirmed:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(index, column, item)
        unchecked = sum(not row.is_confirmed for row in rows)
        notes = [self._pending_message] if self._pending_message else []
        self._pending_message = ""
        if unchecked:
            notes.append(
                f"Не проверено: {unchecked}. Это названия из загруженных планов, которых не было в справочнике: "
                "исправьте наименование или объедините с уже известной организацией."
            )
        if notes:
            self.messages.show_info(" ".join(notes))
        else:
            self.messages.clear_message()
        ids = [row.id for row in rows]
        self.table.selectRow(ids.index(selected.id) if selected and selected.id in ids else 0)

    def _selected(self) -> OrganisationRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _show_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        clear_field_errors(self.errors)
        self.short_edit.setText(row.short_name)
        self.full_edit.setText(row.full_name)
        self.department_combo.setCurrentIndex(max(0, self.department_combo.findData(row.department)))
        self.merge_combo.clear()
        for other in self.rows:
            if other.id != row.id:
                self.merge_combo.addItem(other.short_name or other.full_name, other.id)

    def _save(self) -> None:
        row = self._selected()
        if row is None:
            return
        department = str(self.department_combo.currentData())
        entry = OrganisationInput(self.short_edit.text(), self.full_edit.text(), department)
        try:
            entry = entry.checked()
        except ValidationError as exc:
            show_field_errors(self.errors, exc.field_errors)
            return
        service, actor = self.service, self.context.actor
        self.context.runner.run(
            lambda: service.update(actor, row.id, entry, row.row_version),
            lambda _none: self._done("Организация сохранена и отмечена проверенной."),
            self.messages.show_error,
        )

    def _merge(self) -> None:
        row, keep_id = self._selected(), self.merge_combo.currentData()
        if row is None or not keep_id:
            return
        keep_name = self.merge_combo.currentText()
        name = row.short_name or row.full_name
        question = f"Объединить «{name}» с «{keep_name}»? Запись «{name}» будет удалена."
        if QMessageBox.question(self, "Объединение", question) != QMessageBox.StandardButton.Yes:
            return
        service, actor = self.service, self.context.actor
        self.context.runner.run(
            lambda: service.merge(actor, row.id, str(keep_id)),
            lambda moved: self._done(f"Объединено; перенесено исполнителей мероприятий: {moved}."),
            self.messages.show_error,
        )

    def _done(self, message: str) -> None:
        self.changed = True
        self._pending_message = message
        self.reload()
