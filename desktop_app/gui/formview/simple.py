"""Inputs of one value: «Да»/«Нет» with its detail, text, number with its unit, date and a choice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from desktop_app.domain.numbers import format_number
from desktop_app.formkit.answers import Limits, limits_of
from desktop_app.formkit.definition import Question, ValueType
from desktop_app.gui.formview.cells import HINT_STYLE, CellEdit, cell_style
from desktop_app.gui.formview.question import QuestionWidget
from desktop_app.gui.widgets.field_error import FieldError


def clear_button(tip: str = "Убрать ответ") -> QToolButton:
    button = QToolButton()
    button.setText("очистить")
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class YesNoButtons(QWidget):
    """«Да» / «Нет» and a way back to no answer; ``answer()`` is True, False or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.yes = QRadioButton("Да")
        self.no = QRadioButton("Нет")
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        self.clear = clear_button()
        self.clear.clicked.connect(lambda: self.set_answer(None))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.yes)
        row.addSpacing(12)
        row.addWidget(self.no)
        row.addWidget(self.clear)
        self.clear.setEnabled(False)
        self.group.buttonToggled.connect(lambda _button, _on: self.clear.setEnabled(self.answer() is not None))

    def answer(self) -> bool | None:
        return True if self.yes.isChecked() else False if self.no.isChecked() else None

    def set_answer(self, answer: bool | None) -> None:
        self.group.setExclusive(False)
        self.yes.setChecked(answer is True)
        self.no.setChecked(answer is False)
        self.group.setExclusive(True)
        self.clear.setEnabled(answer is not None)

    def set_read_only(self, read_only: bool) -> None:
        for button in (self.yes, self.no):
            button.setEnabled(not read_only)
        self.clear.setVisible(not read_only)


class YesNoWidget(QuestionWidget):
    """«Да»/«Нет»; when the question asks for a detail, its field opens on the answer that needs it."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.buttons = YesNoButtons()
        self.yes, self.no = self.buttons.yes, self.buttons.no
        self.buttons.group.buttonClicked.connect(lambda _button: self._answered())
        self.buttons.clear.clicked.connect(self._answered)
        row = QHBoxLayout()
        row.addWidget(self.buttons)
        row.addStretch(1)
        self.body.addLayout(row)
        self.detail: CellEdit | None = None
        detail = question.detail
        if detail is not None:
            self.detail_label = QLabel(detail.label[:1].upper() + detail.label[1:] + ":")
            self.detail_label.setWordWrap(True)
            self.detail_label.setStyleSheet(HINT_STYLE)
            self.detail_error = FieldError()
            self.detail = CellEdit(Limits(ValueType.TEXT, max_length=question.max_length), self.detail_error)
            self.detail.setObjectName("detail")
            self.detail.textEdited.connect(lambda _text: self.changed())
            self.cells["detail"] = self.detail
            self.body.addWidget(self.detail_label)
            self.body.addWidget(self.detail)
            self.body.addWidget(self.detail_error)
            self._update_detail()
        self.finish()

    def _answered(self) -> None:
        self._update_detail()
        self.changed()

    def _update_detail(self) -> None:
        if self.detail is None or self.question.detail is None:
            return
        wanted = self.buttons.answer() is self.question.detail.when
        # not asked: hidden, so the page reads as the printed form does after «Нет»
        for widget in (self.detail, self.detail_label):
            widget.setEnabled(wanted)
            widget.setVisible(wanted)
        if not wanted:
            self.detail_error.clear_message()

    def set_value(self, value: Any) -> None:
        data = value if isinstance(value, dict) else {}
        answer = data.get("value")
        self.buttons.set_answer(answer if isinstance(answer, bool) else None)
        if self.detail is not None:
            self.detail.set_stored(data.get("detail") or None)
        self._update_detail()

    def value(self) -> Any:
        answer = self.buttons.answer()
        detail = ""
        if self.detail is not None and self.question.detail is not None and answer is self.question.detail.when:
            detail = self.detail.text().strip()
        if answer is None and not detail:
            return None
        return {"value": answer, "detail": detail} if detail else {"value": answer}

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.buttons.set_read_only(read_only)


class GrowingTextEdit(QPlainTextEdit):
    """A text box two lines high that grows with its text up to about ten lines, then scrolls."""

    MIN_LINES, MAX_LINES = 2, 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())
        self._fit()

    def _fit(self) -> None:
        lines = max(self.MIN_LINES, min(self.MAX_LINES, int(self.document().documentLayout().documentSize().height())))
        margins = self.contentsMargins()
        height = lines * self.fontMetrics().lineSpacing() + 2 * self.document().documentMargin()
        self.setFixedHeight(int(height + margins.top() + margins.bottom() + 4))

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())


class TextWidget(QuestionWidget):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.edit = GrowingTextEdit()
        self.edit.setObjectName("answerText")
        self.edit.textChanged.connect(self._typed)
        self._filling = False
        self.body.addWidget(self.edit)
        self.finish()

    def _typed(self) -> None:
        if self._filling:
            return
        length, limit = len(self.edit.toPlainText().strip()), self.question.max_length
        too_long = length > limit
        if too_long or self.error.text().startswith("Не больше"):
            self.error.show_message(f"Не больше {format_number(limit)} знаков, сейчас {length}." if too_long else "")
            cell_style(self.edit, "QPlainTextEdit", too_long, False)
        self.changed()

    def set_value(self, value: Any) -> None:
        self._filling = True
        self.edit.setPlainText("" if value is None else str(value))
        self._filling = False
        cell_style(self.edit, "QPlainTextEdit", False, False)

    def value(self) -> Any:
        return self.edit.toPlainText().strip() or None

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)

    def show_errors(self, problems: Mapping[str, str]) -> None:
        super().show_errors(problems)
        cell_style(self.edit, "QPlainTextEdit", bool(problems), False)

    def clear_errors(self) -> None:
        super().clear_errors()
        cell_style(self.edit, "QPlainTextEdit", False, False)


class LineWidget(QuestionWidget):
    """A number (with its unit and, when the registers know it, the offer) or a date in one line."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        limits = limits_of(question)
        self.edit = CellEdit(limits, self.error)
        self.edit.setObjectName("answerValue")
        self.edit.setMaximumWidth(160 if limits.type.is_numeric else 120)
        self.edit.textEdited.connect(lambda _text: self.changed())
        self.cells[""] = self.edit
        row = QHBoxLayout()
        row.addWidget(self.edit)
        if limits.type.is_numeric and question.shown_unit:
            self.unit = QLabel(question.shown_unit)
            self.unit.setStyleSheet(HINT_STYLE)
            row.addWidget(self.unit)
        if self.offer_button is not None:
            row.addSpacing(12)
            row.addWidget(self.offer_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.finish()

    def set_value(self, value: Any) -> None:
        self.edit.set_stored(value)

    def value(self) -> Any:
        return self.edit.stored()

    def fill_offer(self, value: float) -> None:
        self.edit.set_stored(int(value) if float(value).is_integer() else value)


class ChoiceWidget(QuestionWidget):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.combo = QComboBox()
        self.combo.setObjectName("answerChoice")
        self.combo.addItems(["", *question.options])
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.activated.connect(lambda _index: self.changed())
        row = QHBoxLayout()
        row.addWidget(self.combo)
        row.addStretch(1)
        self.body.addLayout(row)
        self.finish()

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.combo.findText(text) < 0:
            self.combo.addItem(text)  # an option the form no longer has: shown, so that it is not lost unseen
        self.combo.setCurrentIndex(self.combo.findText(text))

    def value(self) -> Any:
        return self.combo.currentText() or None

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.combo.setEnabled(not read_only)
