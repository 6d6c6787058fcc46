"""The input cells of a question in a template: their keys, what each accepts, and values in both directions.

A template cell key is the answer cell key of formkit.answers with one difference: table rows are
numbered as they stand in the template (empty rows included), not as they end up in the answer.
Writer and reader both ask ``cell_limits`` what a cell accepts, so a template's validations, number
formats and the reading back can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from desktop_app.domain.errors import ValidationError
from desktop_app.formkit.answers import Limits, limits_of, read_cell
from desktop_app.formkit.definition import Question, QuestionKind, ValueType

YES, NO = "Да", "Нет"
INDICATOR_NUMBERS = ("value", "numerator", "denominator")
INDICATOR_COMMENT = "comment"
_TABLE_KEY = re.compile(r"^([1-9][0-9]{0,5})/(.+)$")


def cell_limits(question: Question, key: str) -> Limits | None:
    """What the cell ``key`` of ``question`` accepts; None when the question has no such cell."""
    kind = question.kind
    if kind is QuestionKind.YES_NO:
        if key == "":
            return Limits(ValueType.YES_NO)
        if key == "detail" and question.detail is not None:
            return Limits(ValueType.TEXT, max_length=question.max_length)
        return None
    if kind in (QuestionKind.TEXT, QuestionKind.NUMBER, QuestionKind.DATE, QuestionKind.CHOICE):
        return limits_of(question) if key == "" else None
    if kind is QuestionKind.YEAR_PAIR:
        row, _, offset = key.rpartition("/")
        rows = {item.id for item in question.pair_rows()}
        offsets = {str(item) for item in question.year_offsets}
        return limits_of(question) if row in rows and offset in offsets else None
    if kind is QuestionKind.YES_NO_GRID:
        return Limits(ValueType.YES_NO) if any(row.id == key for row in question.rows) else None
    if kind is QuestionKind.TABLE:
        match = _TABLE_KEY.match(key)
        column = question.column(match.group(2)) if match else None
        return limits_of(column) if column is not None else None
    if kind is QuestionKind.INDICATOR:
        if key in INDICATOR_NUMBERS:
            return Limits(ValueType.NUMBER)  # as formkit.answers.check_answers checks an indicator
        if key == INDICATOR_COMMENT:
            return Limits(ValueType.TEXT, max_length=question.max_length)
    return None


def table_key(row: int, column_id: str) -> str:
    return f"{row}/{column_id}"


def split_table_key(key: str) -> tuple[int, str]:
    match = _TABLE_KEY.match(key)
    if not match:
        raise ValueError(key)
    return int(match.group(1)), match.group(2)


def to_cell(value_type: ValueType, stored: Any) -> Any:
    """A stored value as the cell shows it: «Да»/«Нет», real dates, numbers as numbers; None when empty."""
    if stored is None or stored == "":
        return None
    if value_type is ValueType.YES_NO:
        if isinstance(stored, bool):
            return YES if stored else NO
        return str(stored)
    if value_type is ValueType.DATE:
        if isinstance(stored, date):
            return stored
        try:
            return date.fromisoformat(str(stored))
        except ValueError:
            return str(stored)
    if value_type.is_numeric:
        if isinstance(stored, (int, float)) and not isinstance(stored, bool):
            return stored
        return str(stored)
    return str(stored)


def from_cell(limits: Limits, raw: Any) -> Any:
    """What a spreadsheet cell held, as the stored value (None when empty); ValidationError with the reason.

    Spreadsheets hand over a few things formkit.answers.read_cell does not expect: a date cell arrives as a
    datetime (its isoformat would carry the time), a whole number typed into a text or list cell as
    ``12.0``, and a sum computed by a formula with binary noise (``0.30000000000000004``).
    """
    if isinstance(raw, datetime):
        if limits.type is not ValueType.DATE and limits.type is not ValueType.TEXT:
            raise ValidationError("Нужно число, а не дата." if limits.type.is_numeric else "Дата здесь не подходит.")
        raw = raw.date()
    if isinstance(raw, date) and limits.type is ValueType.TEXT:
        raw = raw.strftime("%d.%m.%Y")
    if isinstance(raw, bool) and limits.type is ValueType.TEXT:
        raw = YES if raw else NO
    if isinstance(raw, float) and not isinstance(raw, bool):
        raw = float(f"{raw:.12g}")
        if raw.is_integer() and not limits.type.is_numeric:
            raw = int(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and limits.type is ValueType.DATE:
        raise ValidationError("Введите дату как дд.мм.гггг, например 25.07.2023.")
    if isinstance(raw, str) and limits.type is not ValueType.TEXT:
        raw = raw.strip()
    return read_cell(limits, raw)


def stored_cell(question: Question, answer: Any, key: str) -> Any:
    """The stored value of cell ``key`` in ``answer`` (the question's stored answer), for pre-filling."""
    kind = question.kind
    if kind in (QuestionKind.TEXT, QuestionKind.NUMBER, QuestionKind.DATE, QuestionKind.CHOICE):
        return answer if not isinstance(answer, (Mapping, list)) else None
    if kind is QuestionKind.TABLE:
        if not isinstance(answer, list):
            return None
        number, column = split_table_key(key)
        item = answer[number - 1] if number <= len(answer) else None
        return item.get(column) if isinstance(item, Mapping) else None
    if not isinstance(answer, Mapping):
        return None
    if kind is QuestionKind.YES_NO:
        return answer.get("value" if key == "" else key)
    if kind is QuestionKind.YEAR_PAIR:
        row, _, offset = key.rpartition("/")
        cells = answer.get(row)
        return cells.get(offset) if isinstance(cells, Mapping) else None
    return answer.get(key)
