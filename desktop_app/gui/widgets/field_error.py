"""A red line under a form field that says what is wrong with it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)


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
    """Add ``field`` with its label and an error line beneath it; returns the error line.

    The error goes as soon as the user changes the field: it spoke of the value that was there, and a message
    left beside a corrected value says the correction was wrong."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    error = FieldError(holder)
    column.addWidget(error)
    form.addRow(label, holder)
    clear_when_edited(field, error)
    return error


def clear_when_edited(field: QWidget, error: FieldError) -> None:
    """Hide ``error`` when the user edits ``field`` (typing, pasting, choosing; not when the program fills it)."""
    if isinstance(field, QLineEdit):
        field.textEdited.connect(lambda _text: error.clear_message())
    elif isinstance(field, QPlainTextEdit | QTextEdit):
        field.textChanged.connect(lambda: error.clear_message() if field.hasFocus() else None)
    elif isinstance(field, QComboBox):
        field.activated.connect(lambda _index: error.clear_message())
    elif isinstance(field, QAbstractSpinBox):
        field.editingFinished.connect(error.clear_message)
