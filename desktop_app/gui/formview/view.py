"""A whole form on one scrolling sheet: its sections as headings and every question with its input.

Built once per form; a period's answers are then only filled in (``set_state``), so that switching periods
stays quick even for the 95 questions of the early-help monitoring.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.domain.periods import Period
from desktop_app.formkit.definition import FormDefinition, Question, QuestionKind, Section, has_years, with_years
from desktop_app.formkit.rules import check_rules
from desktop_app.formkit.visibility import hidden_questions
from desktop_app.gui.formview.cells import HINT_STYLE
from desktop_app.gui.formview.grids import YearPairWidget, YesNoGridWidget
from desktop_app.gui.formview.indicator import IndicatorWidget
from desktop_app.gui.formview.question import QuestionWidget
from desktop_app.gui.formview.simple import ChoiceWidget, LineWidget, TextWidget, YesNoWidget
from desktop_app.gui.formview.table import TableQuestionWidget
from desktop_app.services.form_answers import FormState

WIDGETS: dict[QuestionKind, type[QuestionWidget]] = {
    QuestionKind.YES_NO: YesNoWidget,
    QuestionKind.TEXT: TextWidget,
    QuestionKind.NUMBER: LineWidget,
    QuestionKind.DATE: LineWidget,
    QuestionKind.CHOICE: ChoiceWidget,
    QuestionKind.YEAR_PAIR: YearPairWidget,
    QuestionKind.YES_NO_GRID: YesNoGridWidget,
    QuestionKind.TABLE: TableQuestionWidget,
    QuestionKind.INDICATOR: IndicatorWidget,
}
_HEADING_SIZES = (15, 13, 12)
_NUMBER_WIDTH = 64


def _label(text: str, style: str = "", rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class FormView(QScrollArea):
    """``widgets`` maps a question id to its input; ``edited`` is emitted whenever the user changes one."""

    edited = Signal()

    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.widgets: dict[str, QuestionWidget] = {}
        self.blocks: dict[str, QWidget] = {}  # question id → its whole block, hidden when the question is not asked
        # labels whose wording names years («в {year} году»): rewritten for each period shown
        self._worded: list[tuple[QLabel, str, Callable[[str], str]]] = []
        self._period: Period | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        content.setObjectName("formSheet")
        self.sheet = QVBoxLayout(content)
        self.sheet.setContentsMargins(8, 4, 16, 16)
        self.sheet.setSpacing(10)
        title = self._worded_label(form.title, lambda text: f"<b>{html.escape(text)}</b>", "font-size: 16px;")
        self.sheet.addWidget(title)
        for line in (form.subtitle, form.description):
            if line:
                self.sheet.addWidget(self._worded_label(line, style=HINT_STYLE))
        for section in form.sections:
            self._add_section(section, 0)
        self.sheet.addStretch(1)
        self.setWidget(content)
        if form.rules or any(question.shown_when for question in form.questions):
            self.edited.connect(self.check_rules)

    def _add_section(self, section: Section, depth: int) -> None:
        heading = " ".join(part for part in (section.number, section.title) if part)
        if heading:
            size = _HEADING_SIZES[min(depth, len(_HEADING_SIZES) - 1)]
            style = f"font-size: {size}px; font-weight: 600; margin-top: {10 if depth == 0 else 4}px;"
            label = self._worded_label(heading, style=style)
            label.setObjectName("sectionHeading")
            label.setContentsMargins(depth * 12, 0, 0, 0)
            self.sheet.addWidget(label)
        if section.note:
            note = self._worded_label(section.note, style=HINT_STYLE)
            note.setContentsMargins(depth * 12, 0, 0, 0)
            self.sheet.addWidget(note)
        for question in section.questions:
            self.sheet.addWidget(self._block(question, depth))
        for child in section.sections:
            self._add_section(child, depth + 1)

    def _block(self, question: Question, depth: int) -> QWidget:
        """The printed number on the left; the text, the grey hint and the input on the right."""
        block = QWidget()
        block.setObjectName("question")
        grid = QGridLayout(block)
        grid.setContentsMargins(depth * 12, 2, 0, 2)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        number = _label(question.number, "font-weight: 600;")
        number.setFixedWidth(_NUMBER_WIDTH)
        grid.addWidget(number, 0, 0, 3, 1, Qt.AlignmentFlag.AlignTop)
        required = " <span style='color:#b00020'>*</span>" if question.required else ""
        grid.addWidget(self._worded_label(question.text, lambda text: html.escape(text) + required), 0, 1)
        if question.hint:
            grid.addWidget(self._worded_label(question.hint, style=HINT_STYLE + " font-size: 11px;"), 1, 1)
        widget = WIDGETS[question.kind](question)
        widget.setObjectName(f"answer_{question.id}")
        widget.edited.connect(self.edited)
        grid.addWidget(widget, 2, 1)
        grid.setColumnStretch(1, 1)
        self.widgets[question.id] = widget
        self.blocks[question.id] = block
        return block

    def _worded_label(self, text: str, rich: Callable[[str], str] | None = None, style: str = "") -> QLabel:
        """A label of the form's wording; one naming years is kept to be rewritten when the period changes."""
        label = _label((rich or str)(with_years(text, self._period)), style, rich=rich is not None)
        if has_years(text):
            self._worded.append((label, text, rich or str))
        return label

    # ------------------------------------------------------------------------------------------ state

    def set_state(self, state: FormState, read_only: bool) -> None:
        """Show the period's answers; what was carried over from last year and what the registers offer."""
        if state.period != self._period:
            self._period = state.period
            for label, text, shown in self._worded:
                label.setText(shown(with_years(text, state.period)))
        carried: dict[str, list[str]] = {}
        for question_id, cell in state.carried:
            carried.setdefault(question_id, []).append(cell)
        for question_id, widget in self.widgets.items():
            question = widget.question
            widget.set_period(state.period)
            if question.kind is QuestionKind.INDICATOR:
                widget.set_indicator(state.indicators.get(question.indicator_code))
            widget.set_value(state.answers.get(question_id))
            widget.clear_errors()
            if isinstance(widget, IndicatorWidget):
                widget.set_rules(state.indicator_rows.get(question.indicator_code))
                flags = state.indicator_flags.get(question_id, [])
                widget.show_flags({issue.cell.value: issue.message for issue in reversed(flags)})
            widget.set_offer(state.offers.get(question_id))
            widget.mark_carried(carried.get(question_id, ()))
            widget.set_read_only(read_only)
        self.check_rules()

    def check_rules(self) -> None:
        """Hide the questions the answers so far do not ask, and put each broken rule across questions beside
        its question; a rule mended disappears at once."""
        answers = self.answers()
        hidden = hidden_questions(self.form, answers)
        for question_id, block in self.blocks.items():
            block.setHidden(question_id in hidden)
        broken: dict[str, list[str]] = {}
        for issue in check_rules(self.form, answers, self._period):
            broken.setdefault(issue.question_id, []).append(issue.message)
        for question_id, widget in self.widgets.items():
            widget.show_rules(broken.get(question_id, []))

    def answers(self) -> dict[str, Any]:
        """Every answered question in its stored shape (indicator questions included: the service splits them)."""
        found = {}
        for question_id, widget in self.widgets.items():
            value = widget.value()
            if value is not None:
                found[question_id] = value
        return found

    def show_errors(self, field_errors: Mapping[str, str]) -> list[str]:
        """Each «question|cell» message beside its cell; returns the messages no question here could show."""
        by_question: dict[str, dict[str, str]] = {}
        unplaced = []
        for key, message in field_errors.items():
            question_id, _, cell = key.partition("|")
            if question_id in self.widgets:
                by_question.setdefault(question_id, {})[cell] = message
            else:
                unplaced.append(message)
        first: QuestionWidget | None = None
        for question_id, widget in self.widgets.items():  # in printed order, to scroll to the first
            if question_id in by_question:
                widget.show_errors(by_question[question_id])
                first = first or widget
        if first is not None:
            self.ensureWidgetVisible(first, 0, 80)
        return unplaced

    def clear_errors(self) -> None:
        for widget in self.widgets.values():
            widget.clear_errors()
