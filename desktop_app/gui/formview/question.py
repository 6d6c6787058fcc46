"""What every question's input offers the form view: stored values in and out, messages beside cells."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.periods import Period
from desktop_app.formkit.definition import IndicatorInfo, Question
from desktop_app.formkit.display import cell_text
from desktop_app.gui.formview.cells import HINT_STYLE, CellEdit
from desktop_app.gui.widgets.field_error import FieldError
from desktop_app.services.computed_values import ComputedValue


class QuestionWidget(QWidget):
    """The input of one question; subclasses build ``body`` and fill ``cells`` and ``errors``.

    ``cells`` maps an issue's cell key («detail», «_/0», «health») to its one-line edit, ``errors`` maps a
    cell key to the line that shows its message; ``""`` is the message of the whole question.
    """

    edited = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.read_only = False
        self.cells: dict[str, CellEdit] = {}
        self.error = FieldError()
        self.errors: dict[str, FieldError] = {"": self.error}
        # a rule across questions («5.1.1 больше, чем 5.1»): checked as the user types, kept apart from the
        # cells' own messages so that fixing either one does not hide the other
        self.rule_error = FieldError()
        self.offer: ComputedValue | None = None
        self.offer_button: QPushButton | None = None
        self.offer_note: QLabel | None = None
        if question.source:
            self.offer_button = QPushButton()
            self.offer_button.setObjectName("takeOffer")
            self.offer_button.clicked.connect(self.take_offer)
            self.offer_button.hide()
            self.offer_note = QLabel()
            self.offer_note.setWordWrap(True)
            self.offer_note.setStyleSheet(HINT_STYLE + " font-size: 11px;")
            self.offer_note.hide()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(4)

    def finish(self) -> None:
        """Put the offer's note and the question's message line under the inputs the subclass added."""
        if self.offer_note is not None:
            self.body.addWidget(self.offer_note)
        self.body.addWidget(self.error)
        self.body.addWidget(self.rule_error)

    def show_rules(self, messages: list[str]) -> None:
        """The sentences of the rules across questions this question breaks now; none clears the line."""
        if messages:
            self.rule_error.show_message("\n".join(messages))
        else:
            self.rule_error.clear_message()

    def rule_text(self) -> str:
        return self.rule_error.text() if not self.rule_error.isHidden() else ""

    # ------------------------------------------------------------------------------------------ values

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        """The answer in its stored shape (formkit/answers.py); None when nothing is answered."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for edit in self.cells.values():
            edit.setReadOnly(read_only)
        if self.offer_button is not None:
            self.offer_button.setVisible(self.offer is not None and not read_only)

    def set_period(self, period: Period) -> None:
        """The reporting period changed: questions that name years relabel their columns."""

    def set_indicator(self, info: IndicatorInfo | None) -> None:
        """What the catalogue says of an indicator question's code (only indicator questions use it)."""

    def mark_carried(self, cells: Collection[str]) -> None:
        for key in cells:
            if key in self.cells:
                self.cells[key].set_carried(True)

    def changed(self) -> None:
        self.edited.emit()

    # ------------------------------------------------------------------------------------------ offers

    def set_offer(self, offer: ComputedValue | None) -> None:
        """A number the registers give for this question, offered beside the field."""
        self.offer = offer
        if self.offer_button is None or self.offer_note is None:
            return
        self.offer_note.hide()
        if offer is None:
            self.offer_button.hide()
            return
        self.offer_button.setText(f"Из реестра: {cell_text(offer.value, self.question.value_type)}")
        self.offer_button.setToolTip(offer.note)
        self.offer_button.setVisible(not self.read_only)

    def take_offer(self) -> None:
        if self.offer is None or self.offer_note is None:
            return
        self.fill_offer(self.offer.value)
        self.offer_note.setText(f"взято из реестра: {self.offer.note}")
        self.offer_note.show()
        self.changed()

    def fill_offer(self, value: float) -> None:
        """Type the offered number into the question's main cell."""

    # ------------------------------------------------------------------------------------------ errors

    def show_errors(self, problems: Mapping[str, str]) -> None:
        """Each message beside its cell; a cell this widget does not know is named in the question's line."""
        unplaced = []
        for cell, message in problems.items():
            if cell in self.cells:
                self.cells[cell].set_problem(message)
            elif cell in self.errors and cell:
                self.errors[cell].show_message(message)
            elif cell:
                unplaced.append(f"{cell}: {message}")
            else:
                unplaced.insert(0, message)
        if unplaced:
            self.error.show_message("\n".join(unplaced))

    def clear_errors(self) -> None:
        for edit in self.cells.values():
            edit.set_problem("")
        for error in self.errors.values():
            error.clear_message()

    def error_text(self, cell: str = "") -> str:
        """The message shown beside ``cell`` now; empty when there is none."""
        label = self.errors.get(cell)
        if cell in self.cells:
            label = self.cells[cell].error
        return label.text() if label is not None and not label.isHidden() else ""

    def has_errors(self) -> bool:
        return any(not label.isHidden() for label in self.errors.values()) or any(
            edit.problem for edit in self.cells.values()
        )
