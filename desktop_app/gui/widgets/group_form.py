"""The fields of one indicator group in the catalogue editor, with its save and delete buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.errors import ValidationError
from desktop_app.gui.widgets.field_error import add_field, clear_field_errors, show_field_errors
from desktop_app.services.catalogue import GroupCard
from desktop_app.services.catalogue_rules import GroupInput


class GroupForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("groupNumber")
        self.number_edit.setPlaceholderText("как в программе, например 2.")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("groupTitle")
        form = QFormLayout()
        self.errors = {
            "number": add_field(form, "№ группы:", self.number_edit),
            "title": add_field(form, "Наименование:", self.title_edit),
        }
        self.save_button = QPushButton("Сохранить группу")
        self.save_button.setObjectName("saveGroup")
        self.delete_button = QPushButton("Удалить пустую группу…")
        self.delete_button.setObjectName("deleteGroup")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addStretch(1)

    def show_group(self, group: GroupCard | None, editable: bool) -> None:
        clear_field_errors(self.errors)
        self.number_edit.setText(group.number if group else "")
        self.title_edit.setText(group.title if group else "")
        self.save_button.setEnabled(editable)
        self.delete_button.setEnabled(editable and group is not None and not group.indicators)
        self.title_edit.setFocus()

    def entry(self) -> GroupInput | None:
        """The typed group, checked; None (with the reasons beside the fields) when it is wrong."""
        try:
            return GroupInput(self.number_edit.text(), self.title_edit.text()).checked()
        except ValidationError as exc:
            show_field_errors(self.errors, exc.field_errors)
            return None
