"""Answers as text, cell by cell: for previews of what an import changes and for printed forms."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period, format_date
from desktop_app.domain.value_format import ValueKind, format_value
from desktop_app.formkit.definition import Question, QuestionKind, ValueType


def cell_text(value: Any, value_type: ValueType | None = None) -> str:
    """One stored cell as a person reads it: «Да», «1 234,5», «25.07.2023»."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Да" if value else "Нет"
    if isinstance(value, (int, float)) and value_type is ValueType.MONEY:
        return format_value(value, ValueKind.MONEY, value_type.unit)  # «1 234,50», as money always reads
    if isinstance(value, (int, float)):
        decimals = value_type.decimals if value_type and value_type.decimals is not None else 3
        return format_number(value, decimals)
    if isinstance(value, str) and (value_type is ValueType.DATE or (len(value) == 10 and value[4] == "-")):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return str(value)
    return str(value)


def answer_cells(question: Question, value: Any, period: Period) -> dict[str, tuple[str, str]]:
    """Every cell of an answer: cell key → (where, as text). Where is «Здравоохранение, 2023 г.» etc."""
    cells: dict[str, tuple[str, str]] = {}
    kind = question.kind
    if kind is QuestionKind.YES_NO:
        data = value if isinstance(value, Mapping) else {}
        cells[""] = ("", cell_text(data.get("value")))
        if question.detail:
            cells["detail"] = (question.detail.label, cell_text(data.get("detail")))
    elif kind is QuestionKind.YEAR_PAIR:
        data = value if isinstance(value, Mapping) else {}
        for row in question.pair_rows():
            found = data.get(row.id)
            row_cells: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
            for offset in question.year_offsets:
                where = ", ".join(part for part in (row.label, question.year_label(period, offset)) if part)
                cells[f"{row.id}/{offset}"] = (where, cell_text(row_cells.get(str(offset)), question.value_type))
    elif kind is QuestionKind.YES_NO_GRID:
        data = value if isinstance(value, Mapping) else {}
        for row in question.rows:
            cells[row.id] = (row.label, cell_text(data.get(row.id)))
    elif kind is QuestionKind.TABLE:
        rows = value if isinstance(value, list) else []
        for number, row in enumerate(rows, 1):
            for column in question.columns:
                cell = row.get(column.id) if isinstance(row, Mapping) else None
                cells[f"{number}/{column.id}"] = (f"строка {number}, {column.title}", cell_text(cell, column.type))
    elif kind is QuestionKind.INDICATOR:
        data = value if isinstance(value, Mapping) else {}
        for key, label in (
            ("value", "факт"),
            ("numerator", "числитель"),
            ("denominator", "знаменатель"),
            ("comment", "комментарий"),
        ):
            cells[key] = (label, cell_text(data.get(key)))
    else:
        value_type = {QuestionKind.NUMBER: question.value_type, QuestionKind.DATE: ValueType.DATE}.get(kind)
        cells[""] = ("", cell_text(value, value_type))
    return cells


def answer_changes(question: Question, old: Any, new: Any, period: Period) -> list[tuple[str, str, str]]:
    """(where, old text, new text) for each cell whose text differs."""
    before = answer_cells(question, old, period)
    after = answer_cells(question, new, period)
    changes = []
    for key in dict.fromkeys([*before, *after]):
        where = (after.get(key) or before.get(key) or ("", ""))[0]
        old_text, new_text = before.get(key, ("", ""))[1], after.get(key, ("", ""))[1]
        if old_text != new_text:
            changes.append((where, old_text, new_text))
    return changes
