"""The value grid of one period: indicators as rows; plan, fact, numerator, denominator, comment as columns.

Typed cells are kept as drafts beside the loaded sheet until saved; each draft is checked as it is typed
with the same domain rules the service applies, and the reason is shown on the cell (tooltip and colour)
and by the page under the grid.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.domain.indicator_checks import (
    PLAN_DEVIATION_LIMIT,
    Cell,
    CellIssue,
    EntryInput,
    Severity,
    check_entry,
)
from desktop_app.domain.indicators import Direction, IndicatorSpec, deviation, meets_plan, observe
from desktop_app.domain.numbers import format_number, parse_number
from desktop_app.domain.validation_rules import Figures, Part, ValidationRule
from desktop_app.domain.value_format import format_count, format_deviation, format_value
from desktop_app.gui.models.grid_rules import RuleMark, rule_marks
from desktop_app.gui.models.row_table import ALIGN_ROLE, DISPLAY_ROLE, TOOLTIP_ROLE, RowTableModel
from desktop_app.services.indicator_entry import ValueChange
from desktop_app.services.indicator_sheet import SheetRow

_EDIT_ROLE = Qt.ItemDataRole.EditRole
_BACKGROUND_ROLE = Qt.ItemDataRole.BackgroundRole
_FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole
_FONT_ROLE = Qt.ItemDataRole.FontRole
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ERROR = QBrush(QColor("#fde2e1"))
_WARNING = QBrush(QColor("#fff4d6"))
_EDITED = QBrush(QColor("#e8f0fe"))
_LOCKED = QBrush(QColor("#f3f3f3"))
_GOOD = QBrush(QColor("#1e7b34"))
_BAD = QBrush(QColor("#b3261e"))
_FAR = QBrush(QColor("#9a5b00"))
_BOLD = QFont()
_BOLD.setBold(True)
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Problem:
    """One problem of the period, for the list under the grid: where it is and what it is."""

    row: int
    column: int
    code: str
    name: str
    message: str


def plan_tone(spec: IndicatorSpec, fact: float | None, plan: float | None) -> str:
    """How the deviation reads to a specialist: "good", "bad", "far" (on the wanted side, but further from plan
    than the checks let pass without a comment: a drop from 100 to 2 is a typing slip or an event to explain,
    not a plain success), or "" when there is nothing to compare."""
    met = meets_plan(spec, fact, plan)
    if met is None or fact is None or plan is None:
        return ""
    if not met:
        return "bad"
    return "far" if abs(fact - plan) > PLAN_DEVIATION_LIMIT * max(abs(plan), 1.0) else "good"


def plan_tone_text(spec: IndicatorSpec, fact: float | None, plan: float | None, shown_gap: str) -> str:
    """The deviation in words, with the indicator's wanted direction, for the tooltip and the line under the grid."""
    tone = plan_tone(spec, fact, plan)
    if not tone or fact is None or plan is None or fact == plan:
        return ""
    side = "выше" if fact > plan else "ниже"
    wanted = "рост" if spec.direction is Direction.INCREASE else "снижение"
    gap = shown_gap.lstrip("+-")
    if tone == "bad":
        return f"Факт {side} плана на {gap}, а желаемое направление показателя — {wanted}: план не выполнен."
    if tone == "far":
        return (
            f"Факт {side} плана на {gap}: это больше, чем обычно бывает. Проверьте значение и поясните"
            " отклонение в комментарии."
        )
    return ""


@dataclass(frozen=True)
class Draft:
    """What the user typed for a row; None fields were not touched and keep the stored value."""

    value: float | None
    numerator: float | None
    denominator: float | None
    comment: str
    source: str = "entered"
    source_note: str = ""


class IndicatorGridModel(RowTableModel[SheetRow]):
    HEADERS = (
        "Код",
        "Показатель",
        "Ед. изм.",
        "План",
        "Факт",
        "Числитель",
        "Знаменатель",
        "Отклонение",
        "Комментарий",
        "Статус",
        "Источник",
    )
    COL_CODE, COL_NAME, COL_UNIT, COL_PLAN, COL_FACT, COL_NUM, COL_DEN = range(7)
    COL_DEVIATION, COL_COMMENT, COL_STATUS, COL_SOURCE = range(7, 11)
    _CELL_OF_COLUMN = {
        COL_FACT: Cell.VALUE,
        COL_NUM: Cell.NUMERATOR,
        COL_DEN: Cell.DENOMINATOR,
        COL_COMMENT: Cell.COMMENT,
    }

    drafts_changed = Signal()
    # the head typed the district's plan value: (indicator id, the number, or None when the cell was emptied)
    plan_edited = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self.drafts: dict[str, Draft] = {}
        self.read_only = False
        self.plan_editable = False
        self.parse_errors: dict[tuple[str, int], str] = {}
        self.rules: tuple[ValidationRule, ...] = ()  # the program's rules across indicators (the sheet's)
        self._marks: dict[str, list[RuleMark]] | None = None

    def set_rows(self, rows: Any, keep_drafts: bool = False) -> None:  # type: ignore[override]
        if not keep_drafts:
            self.drafts.clear()
            self.parse_errors.clear()
        self._marks = None
        super().set_rows(rows)
        self.drafts_changed.emit()

    def entry(self, row: SheetRow) -> Draft:
        draft = self.drafts.get(row.indicator_id)
        if draft is not None:
            return draft
        stored_value = None if row.spec.kind.needs_ratio and row.numerator is not None else row.value
        return Draft(stored_value, row.numerator, row.denominator, row.comment, row.source, row.source_note)

    def issues(self, row: SheetRow) -> list[CellIssue]:
        if row.indicator_id not in self.drafts:
            return list(row.issues)
        draft = self.drafts[row.indicator_id]
        return check_entry(
            row.spec, EntryInput(draft.value, draft.numerator, draft.denominator, draft.comment), row.context
        )

    def rule_marks(self, row: SheetRow) -> list[RuleMark]:
        """The broken rules across indicators shown on ``row``'s cells, checked on the drafts as typed."""
        if self._marks is None:
            columns = {
                Part.VALUE: self.COL_FACT,
                Part.NUMERATOR: self.COL_NUM,
                Part.DENOMINATOR: self.COL_DEN,
                Part.PLAN: self.COL_PLAN,
            }
            self._marks = (
                rule_marks(
                    ((item.indicator_id, item.code, self._figures(item)) for item in self._rows), self.rules, columns
                )
                if self.rules
                else {}
            )
        return self._marks.get(row.indicator_id, [])

    def _figures(self, row: SheetRow) -> Figures:
        entry = self.entry(row)
        value = observe(row.spec, entry.value, entry.numerator, entry.denominator).value
        return Figures(value, entry.numerator, entry.denominator, row.plan)

    def cell_message(self, index: _Index) -> str:
        """The reason shown for a cell: a typing error, a rule it breaks, or a request for a comment."""
        row = self.row_at(index.row())
        if row is None:
            return ""
        typed = self.parse_errors.get((row.indicator_id, index.column()))
        if typed:
            return typed
        cell = self._CELL_OF_COLUMN.get(index.column())
        messages = [issue.message for issue in self.issues(row) if issue.cell is cell]
        messages += [mark.message for mark in self.rule_marks(row) if mark.column == index.column()]
        if index.column() == self.COL_SOURCE and row.computed is not None:
            note = row.computed.note.strip()
            if note and note[-1] not in ".!?":
                note += "."
            messages.append(f"Из реестра: {format_count(row.computed.value)}. {note}".strip())
        if index.column() == self.COL_DEVIATION:
            entry = self.entry(row)
            value = observe(row.spec, entry.value, entry.numerator, entry.denominator).value
            messages.append(plan_tone_text(row.spec, value, row.plan, self.display(row, self.COL_DEVIATION)))
        return " ".join(message for message in messages if message)

    def problems(self) -> list[Problem]:
        """Every problem of the period in row order: typing errors, broken rules, missing comments."""
        columns = {cell: column for column, cell in self._CELL_OF_COLUMN.items()}
        found: list[Problem] = []
        for number, row in enumerate(self._rows):
            for (indicator_id, column), message in sorted(self.parse_errors.items(), key=lambda item: item[0][1]):
                if indicator_id == row.indicator_id:
                    found.append(Problem(number, column, row.code, row.name, message))
            typed = {column for indicator_id, column in self.parse_errors if indicator_id == row.indicator_id}
            for issue in self.issues(row):
                column = columns.get(issue.cell, self.COL_FACT)
                if column not in typed:
                    found.append(Problem(number, column, row.code, row.name, issue.message))
            for mark in self.rule_marks(row):
                found.append(Problem(number, mark.column, row.code, row.name, mark.message))
        return found

    def changes(self) -> list[ValueChange]:
        changes = []
        for row in self._rows:
            draft = self.drafts.get(row.indicator_id)
            if draft is None:
                continue
            changes.append(
                ValueChange(
                    row.indicator_id,
                    draft.value,
                    draft.numerator,
                    draft.denominator,
                    draft.comment,
                    draft.source,
                    draft.source_note,
                    row.row_version,
                )
            )
        return changes

    def has_errors(self) -> bool:
        if self.parse_errors:
            return True
        return any(
            issue.severity is Severity.ERROR
            for row in self._rows
            if row.indicator_id in self.drafts
            for issue in self.issues(row)
        )

    def take_computed(self, row_number: int) -> bool:
        """Put the register's number into the fact; the source and its note go with it."""
        row = self.row_at(row_number)
        if row is None or row.computed is None or self.read_only or row.spec.kind.needs_ratio:
            return False
        draft = self.entry(row)
        self.drafts[row.indicator_id] = replace(
            draft, value=row.computed.value, source="computed", source_note=row.computed.note
        )
        self._row_changed(row_number)
        return True

    # Qt model interface ---------------------------------------------------------------------------
    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self.row_at(index.row())
        if row is not None and not self.read_only and self._editable(row, index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _editable(self, row: SheetRow, column: int) -> bool:
        if column == self.COL_PLAN:
            return self.plan_editable
        if column == self.COL_COMMENT:
            return True
        if column == self.COL_FACT:
            return not row.spec.kind.needs_ratio
        return column in (self.COL_NUM, self.COL_DEN) and row.spec.kind.needs_ratio

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == DISPLAY_ROLE:
            return self.display(row, column)
        if role == _EDIT_ROLE:
            return self._edit_text(row, column)
        if role == TOOLTIP_ROLE:
            message = self.cell_message(index)
            return message or (row.name if column == self.COL_NAME else None)
        if role == ALIGN_ROLE:
            return _ALIGN_RIGHT if column in (3, 4, 5, 6, 7) else super().data(index, role)
        if role == _BACKGROUND_ROLE:
            return self._background(row, column)
        if role == _FOREGROUND_ROLE and column == self.COL_DEVIATION:
            entry = self.entry(row)
            value = observe(row.spec, entry.value, entry.numerator, entry.denominator).value
            return {"good": _GOOD, "bad": _BAD, "far": _FAR}.get(plan_tone(row.spec, value, row.plan))
        if role == _FONT_ROLE and column == self.COL_FACT and row.indicator_id in self.drafts:
            return _BOLD
        return None

    def _background(self, row: SheetRow, column: int) -> QBrush | None:
        if (row.indicator_id, column) in self.parse_errors:
            return _ERROR
        cell = self._CELL_OF_COLUMN.get(column)
        for issue in self.issues(row):
            if issue.cell is cell:
                return _ERROR if issue.severity is Severity.ERROR else _WARNING
        for mark in self.rule_marks(row):
            if mark.column == column:
                return _ERROR if mark.is_error else _WARNING
        if not self._editable(row, column) and column in (self.COL_FACT, self.COL_NUM, self.COL_DEN):
            return _LOCKED
        if row.indicator_id in self.drafts and cell is not None:
            return _EDITED
        return None

    def display(self, row: SheetRow, column: int) -> str:
        entry = self.entry(row)
        value = observe(row.spec, entry.value, entry.numerator, entry.denominator).value
        if column == self.COL_CODE:
            return row.code
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_UNIT:
            return row.unit
        if column == self.COL_PLAN:
            # the number as every other value is spelt; the plan's own text only when it is not a number («-»)
            return format_value(row.plan, row.spec.kind, row.unit) if row.plan is not None else row.plan_text
        if column == self.COL_FACT:
            return format_value(value, row.spec.kind, row.unit)
        if column == self.COL_NUM:
            return format_count(entry.numerator) if row.spec.kind.needs_ratio else ""
        if column == self.COL_DEN:
            return format_count(entry.denominator) if row.spec.kind.needs_ratio else ""
        if column == self.COL_DEVIATION:
            return format_deviation(deviation(value, row.plan), row.spec.kind, row.unit)
        if column == self.COL_COMMENT:
            return entry.comment
        if column == self.COL_STATUS:
            return ("изменено" if row.indicator_id in self.drafts else row.status.label) if value is not None else ""
        if column == self.COL_SOURCE:
            return self._source_text(row, entry)
        return ""

    def _source_text(self, row: SheetRow, entry: Draft) -> str:
        if entry.source == "computed":
            return "из реестра"
        if row.computed is not None:
            return f"реестр: {format_count(row.computed.value)}"
        return "введено" if row.has_value or row.indicator_id in self.drafts else ""

    def _edit_text(self, row: SheetRow, column: int) -> str:
        entry = self.entry(row)
        if column == self.COL_COMMENT:
            return entry.comment
        if column == self.COL_PLAN:
            return format_number(row.plan, 6) if row.plan is not None else ""
        number = {self.COL_FACT: entry.value, self.COL_NUM: entry.numerator, self.COL_DEN: entry.denominator}.get(
            column
        )
        return format_number(number, 6) if number is not None else ""

    def setData(self, index: _Index, value: Any, role: int = _EDIT_ROLE) -> bool:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or role != _EDIT_ROLE or not self._editable(row, index.column()):
            return False
        column = index.column()
        if column == self.COL_PLAN:
            return self._edit_plan(row, index.row(), str(value or ""))
        if self.read_only:
            return False
        draft = self.entry(row)
        text = str(value or "")
        key = (row.indicator_id, column)
        if column == self.COL_COMMENT:
            draft = replace(draft, comment=text.strip())
        else:
            try:
                number = parse_number(text)
            except ValueError:
                self.parse_errors[key] = f"«{text.strip()[:20]}» — не число; пример: 1 234,5."
                self._row_changed(index.row())
                return True
            self.parse_errors.pop(key, None)
            field = {self.COL_FACT: "value", self.COL_NUM: "numerator", self.COL_DEN: "denominator"}[column]
            draft = replace(draft, **{field: number}, source="entered", source_note="")
        self.drafts[row.indicator_id] = draft
        self._row_changed(index.row())
        return True

    def _edit_plan(self, row: SheetRow, row_number: int, text: str) -> bool:
        key = (row.indicator_id, self.COL_PLAN)
        try:
            number = parse_number(text)
        except ValueError:
            self.parse_errors[key] = f"«{text.strip()[:20]}» — не число; пример: 1 234,5."
            self._row_changed(row_number)
            return True
        self.parse_errors.pop(key, None)
        if number != row.plan:
            self.plan_edited.emit(row.indicator_id, number)
        self._row_changed(row_number)
        return True

    def _row_changed(self, row_number: int) -> None:
        self._marks = None
        last = len(self.HEADERS) - 1
        if self.rules:  # a rule ties rows together: a figure typed here may break or mend a rule shown on another
            self.dataChanged.emit(self.index(0, 0), self.index(max(self.rowCount() - 1, 0), last))
        else:
            self.dataChanged.emit(self.index(row_number, 0), self.index(row_number, last))
        self.drafts_changed.emit()
