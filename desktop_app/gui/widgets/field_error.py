"""A red line under a form field that says what is wrong with it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget


class FieldError(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet("color: #b00020;")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.show_message("")


def clear_field_errors(errors: Mapping[str, FieldError]) -> None:
    for error in errors.values():
        error.clear_message()


def show_field_errors(errors: Mapping[str, FieldError], problems: Mapping[str, str]) -> bool:
    """Show each problem beside its field; True when there was anything to show."""
    for key, message in problems.items():
        errors[key].show_message(message)
    return bool(problems)


def add_field(form: QFormLayout, label: str, field: QWidget) -> FieldError:
    """Add ``field`` with its label and an error line beneath it; returns the error line."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    error = FieldError(holder)
    column.addWidget(error)
    form.addRow(label, holder)
    return error
