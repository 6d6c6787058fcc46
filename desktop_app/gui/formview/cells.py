"""One typed cell of a form: read with the form engine's own rules, marked when wrong or carried over."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop_app.domain.errors import ValidationError
from desktop_app.formkit.answers import Limits, read_cell
from desktop_app.formkit.definition import ValueType
from desktop_app.formkit.display import cell_text
from desktop_app.gui.widgets.field_error import FieldError

CARRIED_TIP = "Перенесено из ответов за прошлый год"
ERROR_COLOUR = "#b00020"
ERROR_BACKGROUND = "#fdecea"
CARRIED_COLOUR = "#1f5fa8"
HINT_STYLE = "color: #666666;"
DATE_PLACEHOLDER = "дд.мм.гггг"


def typed_value(limits: Limits, raw: Any) -> Any:
    """The stored value of what was typed; the raw text when it does not fit, so the save names the reason."""
    try:
        return read_cell(limits, raw)
    except ValidationError:
        return raw.strip() if isinstance(raw, str) else raw


def cell_problem(limits: Limits, raw: Any) -> str:
    """Why ``raw`` does not fit the cell, in Russian; empty when it does."""
    try:
        read_cell(limits, raw)
    except ValidationError as exc:
        return exc.message
    return ""


def shown_text(value: Any, value_type: ValueType) -> str:
    """A stored value as typed back into its cell: «1 234,5», «25.07.2023», text as it is."""
    if value is None:
        return ""
    if value_type is ValueType.TEXT or (isinstance(value, str) and value_type.is_numeric):
        return str(value)  # a text that merely looks like a date stays as written; a wrong number stays raw
    return cell_text(value, value_type)


def cell_style(widget: QWidget, kind: str, invalid: bool, carried: bool) -> None:
    """Red border for a wrong cell, blue italics for a carried one; ``kind`` is the widget's class for the sheet."""
    rules = []
    if invalid:
        rules.append(f"border: 1px solid {ERROR_COLOUR}; background: {ERROR_BACKGROUND};")
    if carried:
        rules.append(f"color: {CARRIED_COLOUR}; font-style: italic;")
    widget.setStyleSheet(f"{kind} {{ {' '.join(rules)} }}" if rules else "")


class CellEdit(QLineEdit):
    """A one-line cell that checks itself when it loses focus and says what is wrong in its error line.

    ``prefix`` names the cell in the message when several cells share a question («2023 г.: …»).
    """

    def __init__(self, limits: Limits, error: FieldError, prefix: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limits = limits
        self.error = error
        self.prefix = prefix
        self.problem = ""
        self.carried = False
        if limits.type is ValueType.DATE:
            self.setPlaceholderText(DATE_PLACEHOLDER)
        self.editingFinished.connect(self.check)
        self.textEdited.connect(self._typed)

    def set_stored(self, value: Any) -> None:
        self.setText(shown_text(value, self.limits.type))
        self.carried = False
        self.set_problem("")

    def stored(self) -> Any:
        return typed_value(self.limits, self.text())

    def check(self) -> None:
        """Check what is typed now; a good number or date is written back the usual way («1 234,5»)."""
        if self.isReadOnly():
            return
        problem = cell_problem(self.limits, self.text())
        self.set_problem(problem)
        if not problem and (self.limits.type.is_numeric or self.limits.type is ValueType.DATE):
            text = shown_text(self.stored(), self.limits.type)
            if text != self.text():
                self.setText(text)

    def set_problem(self, message: str) -> None:
        self.problem = message
        self.error.show_message(f"{self.prefix}{message}" if message else "")
        self._restyle()

    def set_carried(self, carried: bool) -> None:
        self.carried = carried
        self._restyle()

    def _typed(self, _text: str) -> None:
        if self.carried:
            self.set_carried(False)

    def _restyle(self) -> None:
        cell_style(self, "QLineEdit", bool(self.problem), self.carried)
        self.setToolTip(self.problem or (CARRIED_TIP if self.carried else ""))
