"""Grids of cells: numbers by year («2023 г.» / «2022 г.») for each row, and «Да»/«Нет» for each row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.domain.periods import Period
from desktop_app.formkit.answers import limits_of
from desktop_app.formkit.definition import SINGLE_ROW, Question
from desktop_app.gui.formview.cells import HINT_STYLE, CellEdit
from desktop_app.gui.formview.question import QuestionWidget
from desktop_app.gui.formview.simple import YesNoButtons
from desktop_app.gui.widgets.field_error import FieldError

_CELL_WIDTH = 120
_LABEL_WIDTH = 420  # at most: on a wide screen the cells stay near their rows
_LABEL_LEAST_CHARS = 18  # a row label narrower than this wraps into a column of single words


def _row_label(text: str) -> QLabel:
    """A row's label that wraps: 420 px where there is room, narrower on a 1024-pixel screen (125 % of 1280),
    never narrower than its longest word."""
    label = QLabel(text)
    label.setWordWrap(True)
    metrics = label.fontMetrics()
    longest_word = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
    least = max(longest_word, metrics.averageCharWidth() * _LABEL_LEAST_CHARS)
    label.setMinimumWidth(min(least, _LABEL_WIDTH))
    label.setMaximumWidth(_LABEL_WIDTH)
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
    label.setSizePolicy(policy)
    return label


class YearPairWidget(QuestionWidget):
    """Rows × years; a cell's key is «row/offset» («_/0», «health/-1»), as in the form engine's issues."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        limits = limits_of(question)
        rows = question.pair_rows()
        self.single = len(rows) == 1 and rows[0].id == SINGLE_ROW
        self.headers: dict[int, QLabel] = {}
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        for column, offset in enumerate(question.year_offsets, 1):
            header = QLabel()
            header.setStyleSheet("font-weight: 600;")
            self.headers[offset] = header
            self.grid.addWidget(header, 0, column)
        unit_column = len(question.year_offsets) + 1
        if question.shown_unit:
            unit = QLabel(question.shown_unit)
            unit.setStyleSheet(HINT_STYLE)
            self.grid.addWidget(unit, 0, unit_column)
        if self.offer_button is not None:
            self.grid.addWidget(self.offer_button, 1, unit_column + (1 if question.shown_unit else 0))
        for number, row in enumerate(rows):
            line = 1 + number * 2
            if not self.single:
                self.grid.addWidget(_row_label(row.label), line, 0)
            errors = QWidget()
            errors_column = QVBoxLayout(errors)
            errors_column.setContentsMargins(0, 0, 0, 0)
            errors_column.setSpacing(0)
            for column, offset in enumerate(question.year_offsets, 1):
                key = f"{row.id}/{offset}"
                error = FieldError()
                errors_column.addWidget(error)
                edit = CellEdit(limits, error)
                edit.setObjectName(f"cell_{key}")
                edit.setFixedWidth(_CELL_WIDTH)
                edit.setAlignment(Qt.AlignmentFlag.AlignRight)
                edit.textEdited.connect(lambda _text: self.changed())
                self.cells[key] = edit
                self.grid.addWidget(edit, line, column)
            self.grid.addWidget(errors, line + 1, 0, 1, -1)
        # the labels take the spare width up to their most, an empty last column the rest
        self.grid.setColumnStretch(0, 0 if self.single else 1)
        self.grid.setColumnStretch(unit_column + 2, 1)
        self.body.addLayout(self.grid)
        self.finish()

    def cell(self, row_id: str, offset: int) -> CellEdit:
        return self.cells[f"{row_id}/{offset}"]

    def set_period(self, period: Period) -> None:
        several = len(self.question.year_offsets) > 1
        for offset, header in self.headers.items():
            label = self.question.year_label(period, offset)
            header.setText(label)
            for row in self.question.pair_rows():
                where = ", ".join(part for part in (row.label if not self.single else "", label) if part)
                self.cell(row.id, offset).prefix = f"{where}: " if several or not self.single else ""

    def set_value(self, value: Any) -> None:
        data = value if isinstance(value, Mapping) else {}
        for row in self.question.pair_rows():
            cells = data.get(row.id)
            cells = cells if isinstance(cells, Mapping) else {}
            for offset in self.question.year_offsets:
                self.cell(row.id, offset).set_stored(cells.get(str(offset)))

    def value(self) -> Any:
        result: dict[str, dict[str, Any]] = {}
        for row in self.question.pair_rows():
            for offset in self.question.year_offsets:
                stored = self.cell(row.id, offset).stored()
                if stored is not None:
                    result.setdefault(row.id, {})[str(offset)] = stored
        return result or None

    def fill_offer(self, value: float) -> None:
        offsets = self.question.year_offsets
        edit = self.cell(self.question.pair_rows()[0].id, 0 if 0 in offsets else offsets[0])
        edit.set_stored(int(value) if float(value).is_integer() else value)


class YesNoGridWidget(QuestionWidget):
    """One «Да»/«Нет» per row; a row's message is shown under it (the issue's cell is the row id)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.rows: dict[str, YesNoButtons] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        for number, row in enumerate(question.rows):
            buttons = YesNoButtons()
            buttons.setObjectName(f"row_{row.id}")
            buttons.group.buttonClicked.connect(lambda _button: self.changed())
            buttons.clear.clicked.connect(self.changed)
            self.rows[row.id] = buttons
            error = FieldError()
            self.errors[row.id] = error
            grid.addWidget(_row_label(row.label), number * 2, 0)
            grid.addWidget(buttons, number * 2, 1)
            grid.addWidget(error, number * 2 + 1, 0, 1, -1)
        grid.setColumnStretch(0, 1)  # the labels take the spare width up to their most, then
        grid.setColumnStretch(2, 1)  # the answers stay next to their rows on a wide screen
        self.body.addLayout(grid)
        self.finish()

    def set_value(self, value: Any) -> None:
        data = value if isinstance(value, Mapping) else {}
        for row_id, buttons in self.rows.items():
            answer = data.get(row_id)
            buttons.set_answer(answer if isinstance(answer, bool) else None)

    def value(self) -> Any:
        result = {row_id: buttons.answer() for row_id, buttons in self.rows.items()}
        return {row_id: answer for row_id, answer in result.items() if answer is not None} or None

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for buttons in self.rows.values():
            buttons.set_read_only(read_only)
