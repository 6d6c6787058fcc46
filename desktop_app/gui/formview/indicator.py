"""An indicator question: the catalogue's code, name, unit and plan, and the fact (or its numerator and
denominator, the percentage computed as they are typed) with a comment."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.indicator_checks import EntryInput
from desktop_app.domain.indicators import IndicatorKind, ratio_value
from desktop_app.domain.numbers import format_number
from desktop_app.formkit.answers import Limits
from desktop_app.formkit.definition import IndicatorInfo, Question, ValueType
from desktop_app.gui.formview.cells import HINT_STYLE, CellEdit
from desktop_app.gui.formview.question import QuestionWidget
from desktop_app.gui.widgets.field_error import FieldError
from desktop_app.services.indicator_rules import row_issues
from desktop_app.services.indicator_sheet import SheetRow

# the sign is the value grid's rule (indicator_rules), said in its words; the cell only checks it is a number
_NUMBER = Limits(ValueType.NUMBER, minimum=None)
_COMMENT = Limits(ValueType.TEXT, max_length=4000)


class IndicatorWidget(QuestionWidget):
    """Cells «value», «numerator», «denominator» and «comment», as the indicator values keep them."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.info: IndicatorInfo | None = None
        self.row: SheetRow | None = None  # what the value grid checks a typed value against
        self._rule_messages: dict[str, str] = {}
        self._loaded_value: Any = None  # a ratio's value stored without its parts is kept as it is
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.about.setStyleSheet(HINT_STYLE)
        self.labels: dict[str, QLabel] = {}
        numbers, number_errors = QHBoxLayout(), QVBoxLayout()  # the numbers' messages under them
        self.fact = self._cell("value", "Факт:", numbers, number_errors)
        self.numerator = self._cell("numerator", "Числитель:", numbers, number_errors)
        self.denominator = self._cell("denominator", "Знаменатель:", numbers, number_errors)
        self.computed = QLabel()
        self.computed.setObjectName("computedValue")
        self.computed.setStyleSheet("font-weight: 600;")
        self.computed.setToolTip("Значение считается из числителя и знаменателя")
        numbers.addWidget(self.computed)
        numbers.addStretch(1)
        comment_row, comment_error = QHBoxLayout(), QVBoxLayout()
        self.comment = self._cell("comment", "Комментарий:", comment_row, comment_error, _COMMENT)
        self.comment.setMaximumWidth(16777215)
        self.comment.setPlaceholderText("причина отклонения от плана, если есть")
        for edit in (self.numerator, self.denominator):
            edit.textEdited.connect(lambda _text: self._show_computed())
        self.body.addWidget(self.about)
        self.body.addLayout(numbers)
        self.body.addLayout(number_errors)
        self.body.addLayout(comment_row)
        self.body.addLayout(comment_error)
        self.finish()
        self.set_indicator(None)

    def _cell(self, key: str, title: str, row: QHBoxLayout, errors: QVBoxLayout, limits: Limits = _NUMBER) -> CellEdit:
        label = QLabel(title)
        error = FieldError()
        edit = CellEdit(limits, error, prefix=title[:-1] + ": " if key != "value" else "")
        edit.setObjectName(f"indicator_{key}")
        edit.setMaximumWidth(140)
        edit.textEdited.connect(lambda _text: (self.changed(), self.check_rules()))
        self.cells[key] = edit
        self.labels[key] = label
        row.addWidget(label)
        row.addWidget(edit, 1 if key == "comment" else 0)
        errors.addWidget(error)
        return edit

    @property
    def needs_ratio(self) -> bool:
        return self.info is not None and self.info.needs_ratio

    def set_indicator(self, info: IndicatorInfo | None) -> None:
        self.info = info
        code = self.question.indicator_code
        if info is None:
            self.about.setText(f"Показатель {html.escape(code)} не найден в каталоге показателей программы.")
        else:
            parts = [f"Показатель <b>{html.escape(info.code)}</b>"]
            if info.name.strip() != self.question.text.strip():
                parts.append(html.escape(info.name))
            if info.shown_unit:
                parts.append(f"ед. изм.: {html.escape(info.shown_unit)}")
            plan = info.plan_shown
            parts.append(f"план: <b>{html.escape(plan)}</b>" if plan else "план не задан")
            if info.cumulative:
                parts.append("нарастающим итогом")
            self.about.setText(" · ".join(parts))
        ratio = self.needs_ratio
        for key in ("numerator", "denominator"):
            self.cells[key].setVisible(ratio)
            self.labels[key].setVisible(ratio)
        self.fact.setVisible(not ratio)  # a ratio's value is computed: shown read-only beside its parts
        self.labels["value"].setVisible(not ratio)
        self.computed.setVisible(ratio)
        self.fact.setReadOnly(ratio or self.read_only)
        self.setEnabled(info is not None)

    def _ratio(self) -> float | None:
        if self.info is None:
            return None
        numerator, denominator = self.numerator.stored(), self.denominator.stored()
        if not isinstance(numerator, (int, float)) or not isinstance(denominator, (int, float)):
            return None
        return ratio_value(IndicatorKind.of(self.info.kind), numerator, denominator)

    def _show_computed(self) -> None:
        if not self.needs_ratio:
            self.computed.setText("")
            return
        value = self._ratio()
        shown = self.info.value_text(value) if self.info is not None else ""
        self.computed.setText(f"= {shown}" if shown else "")
        if value is not None:
            self.fact.setText(format_number(value, 6))
        elif self._parts_empty():
            self.fact.setText(format_number(self._loaded_value, 6))
        else:
            self.fact.setText("")

    def _parts_empty(self) -> bool:
        return not self.numerator.text().strip() and not self.denominator.text().strip()

    def set_value(self, value: Any) -> None:
        data = value if isinstance(value, dict) else {}
        self._loaded_value = data.get("value") if data.get("numerator") is None else None
        for key, edit in self.cells.items():
            edit.set_stored(data.get(key) or None if key == "comment" else data.get(key))
        self._show_computed()

    def value(self) -> Any:
        numerator, denominator = self.numerator.stored(), self.denominator.stored()
        if self.needs_ratio:
            fact = self._ratio()
            if fact is None and self._parts_empty():
                fact = self._loaded_value
            numbers = {"value": fact, "numerator": numerator, "denominator": denominator}
        else:
            numbers = {"value": self.fact.stored(), "numerator": numerator, "denominator": denominator}
        comment = self.comment.stored() or ""
        if all(number is None for number in numbers.values()) and not comment:
            return None
        return {**numbers, "comment": comment}

    def set_rules(self, row: SheetRow | None) -> None:
        self.row = row

    def check_rules(self) -> None:
        """The value grid's checks of what is typed now, beside each cell, as the grid shows them while typing:
        a wrong value, a deviation from plan that needs a comment. A cell that is not a number keeps its own."""
        if self.row is None or self.read_only:
            return
        typed = self.value() or {}
        numbers = [typed.get(key) for key in ("value", "numerator", "denominator")]
        if not all(number is None or isinstance(number, (int, float)) for number in numbers):
            return
        value, numerator, denominator = numbers
        if self.needs_ratio and numerator is not None and denominator is not None:
            value = None  # computed from its parts, as the service stores it
        entry = EntryInput(value, numerator, denominator, str(typed.get("comment") or ""))
        messages = {issue.cell.value: issue.message for issue in reversed(row_issues(self.row, entry))}
        for key, edit in self.cells.items():
            if not edit.problem or edit.problem == self._rule_messages.get(key):
                edit.set_problem(messages.get(key, ""))
        self._rule_messages = messages

    def show_flags(self, messages: dict[str, str]) -> None:
        """The grid's messages on the stored value (shown on opening the form)."""
        self.show_errors(messages)
        self._rule_messages = dict(messages)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.fact.setReadOnly(read_only or self.needs_ratio)
