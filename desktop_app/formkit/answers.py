"""Answers to a form: reading typed cells, checking them against the form, carrying last year over.

Stored shapes (JSON, keyed by question id):

- yes_no: ``{"value": true | false | null, "detail": "..."}``
- text, choice: ``"..."``; number: a number; date: ``"YYYY-MM-DD"``
- year_pair: ``{row_id: {"0": 12, "-1": 9}}`` — offsets from the reporting year; ``"_"`` is the only row
  of a question without rows
- yes_no_grid: ``{row_id: true | false | null}``
- table: ``[{column_id: value, ...}, ...]``
- indicator: ``{"value": .., "numerator": .., "denominator": .., "comment": ".."}`` (kept with the
  indicator values, not with the form's answers)

An issue names its cell so that a screen or a spreadsheet can show the reason beside it: ``""`` for the
whole question, ``"detail"``, ``"<row_id>/<offset>"`` in a year pair, ``"<row_id>"`` in a grid and
``"<row number from 1>/<column_id>"`` in a table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.numbers import format_number, parse_number
from desktop_app.domain.periods import parse_date
from desktop_app.formkit.definition import Column, FormDefinition, Question, QuestionKind, ValueType
from desktop_app.formkit.visibility import detail_asked, hidden_questions

Answers = dict[str, Any]
_YES = {"да", "yes", "true", "1", "+", "д"}
_NO = {"нет", "no", "false", "0", "-", "н"}


@dataclass(frozen=True)
class AnswerIssue:
    question_id: str
    cell: str
    message: str


@dataclass(frozen=True)
class Limits:
    """What a numeric cell accepts: its type and its bounds."""

    type: ValueType
    minimum: float | None = 0.0
    maximum: float | None = None
    options: tuple[str, ...] = ()
    max_length: int = 4000


def limits_of(item: Question | Column) -> Limits:
    if isinstance(item, Column):
        return Limits(item.type, item.minimum, item.maximum, item.options)
    value_type = item.value_type
    if item.kind is QuestionKind.TEXT:
        value_type = ValueType.TEXT
    elif item.kind is QuestionKind.DATE:
        value_type = ValueType.DATE
    elif item.kind is QuestionKind.CHOICE:
        value_type = ValueType.CHOICE
    return Limits(value_type, item.minimum, item.maximum, item.options, item.max_length)


def read_cell(limits: Limits, raw: Any) -> Any:
    """Turn what a user typed (or a spreadsheet cell held) into the stored value; None when empty.

    Raises ValidationError with the reason in Russian when the value does not fit the cell.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = limits.type
    if kind is ValueType.TEXT:
        text = str(raw).strip()
        if len(text) > limits.max_length:
            raise ValidationError(f"Не больше {format_number(limits.max_length)} знаков, сейчас {len(text)}.")
        return text
    if kind is ValueType.YES_NO:
        return read_yes_no(raw)
    if kind is ValueType.DATE:
        if isinstance(raw, datetime):  # spreadsheets give dates as midnight datetimes
            return raw.date().isoformat()
        if isinstance(raw, date):
            return raw.isoformat()
        return parse_date(str(raw)).isoformat()
    if kind is ValueType.CHOICE:
        text = str(raw).strip()
        if text not in limits.options:
            raise ValidationError(f"Выберите один из вариантов: {', '.join(limits.options)}.")
        return text
    return _read_number(limits, raw)


def read_yes_no(raw: Any) -> bool | None:
    if isinstance(raw, bool) or raw is None:
        return raw
    text = str(raw).strip().casefold()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValidationError("Ответьте «Да» или «Нет».")


def _read_number(limits: Limits, raw: Any) -> float | int:
    if isinstance(raw, bool):
        raise ValidationError("Нужно число.")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        try:
            parsed = parse_number(str(raw))
        except ValueError:
            raise ValidationError(f"«{str(raw).strip()[:30]}» — не число; пример: 1 234,5.") from None
        if parsed is None:
            raise ValidationError("Нужно число.")
        value = parsed
    decimals = limits.type.decimals or 0
    if decimals == 0 and not value.is_integer():
        raise ValidationError("Нужно целое число.")
    if round(value, decimals) != value:
        raise ValidationError(f"Не больше {decimals} знаков после запятой.")
    if limits.minimum is not None and value < limits.minimum:
        raise ValidationError(
            "Число не может быть отрицательным."
            if limits.minimum == 0
            else f"Не меньше {format_number(limits.minimum)}."
        )
    if limits.maximum is not None and value > limits.maximum:
        raise ValidationError(f"Не больше {format_number(limits.maximum)}.")
    return int(value) if decimals == 0 else value


def check_answers(form: FormDefinition, answers: Mapping[str, Any]) -> list[AnswerIssue]:
    """Every cell that is wrong or missing, with the reason; an empty list means the form may be saved."""
    issues: list[AnswerIssue] = []
    hidden = hidden_questions(form, answers)  # not asked: neither required nor checked, and not stored
    for question in form.questions:
        if question.id in hidden:
            continue
        value = answers.get(question.id)
        issues.extend(AnswerIssue(question.id, cell, message) for cell, message in _question_issues(question, value))
    unknown = sorted(set(answers) - {q.id for q in form.questions})
    issues.extend(AnswerIssue(key, "", "В форме нет такого вопроса.") for key in unknown)
    return issues


def _check(limits: Limits, value: Any) -> str | None:
    try:
        read_cell(limits, value)
    except ValidationError as exc:
        return exc.message
    return None


def _question_issues(q: Question, value: Any) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if value is None:
        return [("", "Обязательный вопрос: дайте ответ.")] if q.required else []
    kind = q.kind
    if kind is QuestionKind.YES_NO:
        if not isinstance(value, Mapping):
            return [("", "Ответьте «Да» или «Нет».")]
        answer = value.get("value")
        detail = str(value.get("detail") or "").strip()
        if answer is not None and not isinstance(answer, bool):
            found.append(("", "Ответьте «Да» или «Нет»."))
        if answer is None and q.required:
            found.append(("", "Обязательный вопрос: ответьте «Да» или «Нет»."))
        if q.detail and detail_asked(q, value) and q.detail.required and not detail:
            found.append(("detail", f"При ответе «{'Да' if q.detail.when else 'Нет'}» {q.detail.label.lower()}."))
        if len(detail) > q.max_length:
            found.append(("detail", f"Не больше {format_number(q.max_length)} знаков."))
    elif kind in (QuestionKind.TEXT, QuestionKind.NUMBER, QuestionKind.DATE, QuestionKind.CHOICE):
        message = _check(limits_of(q), value)
        if message:
            found.append(("", message))
    elif kind is QuestionKind.YEAR_PAIR:
        if not isinstance(value, Mapping):
            return [("", "Ответ должен быть набором чисел по годам.")]
        limits = limits_of(q)
        for row in q.pair_rows():
            cells = value.get(row.id) or {}
            if not isinstance(cells, Mapping):
                found.append((f"{row.id}/{q.year_offsets[0]}", "Ответ должен быть набором чисел по годам."))
                continue
            for offset in q.year_offsets:
                message = _check(limits, cells.get(str(offset)))
                if message:
                    found.append((f"{row.id}/{offset}", message))
    elif kind is QuestionKind.YES_NO_GRID:
        if not isinstance(value, Mapping):
            return [("", "Ответ должен быть набором «Да»/«Нет» по строкам.")]
        for row in q.rows:
            message = _check(Limits(ValueType.YES_NO), value.get(row.id))
            if message:
                found.append((row.id, message))
    elif kind is QuestionKind.TABLE:
        found.extend(_table_issues(q, value))
    elif kind is QuestionKind.INDICATOR:
        if not isinstance(value, Mapping):
            return [("", "Ответ должен содержать значение показателя.")]
        computed = value.get("numerator") is not None and value.get("denominator") is not None
        for key in ("numerator", "denominator") if computed else ("value", "numerator", "denominator"):
            message = _check(Limits(ValueType.NUMBER), value.get(key))
            if message:
                found.append((key, message))
    return found


def _table_issues(q: Question, value: Any) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        return [("", "Ответ должен быть таблицей.")]
    found: list[tuple[str, str]] = []
    if not all(isinstance(row, Mapping) for row in value):
        return [("", "Каждая строка таблицы должна состоять из граф.")]
    rows = [row for row in value if any(v not in (None, "") for v in row.values())]
    if len(rows) < q.min_rows:
        found.append(("", f"Заполните не меньше {q.min_rows} строк."))
    if len(rows) > q.max_rows:
        found.append(("", f"Не больше {q.max_rows} строк."))
    for number, row in enumerate(rows, 1):
        for column in q.columns:
            cell = row.get(column.id)
            if cell in (None, "") and column.required:
                found.append((f"{number}/{column.id}", f"Заполните графу «{column.title}»."))
                continue
            message = _check(limits_of(column), cell)
            if message:
                found.append((f"{number}/{column.id}", message))
    return found


def is_answered(question: Question, value: Any) -> bool:
    """True when the question has any answer at all, for «forms not yet filled»."""
    if value is None or value == "" or value == [] or value == {}:
        return False
    if question.kind is QuestionKind.YES_NO:
        return isinstance(value, Mapping) and value.get("value") is not None
    if question.kind in (QuestionKind.YEAR_PAIR, QuestionKind.YES_NO_GRID):
        return isinstance(value, Mapping) and any(
            (v is not None if not isinstance(v, Mapping) else any(x is not None for x in v.values()))
            for v in value.values()
        )
    if question.kind is QuestionKind.INDICATOR:
        return isinstance(value, Mapping) and value.get("value") is not None
    return True


def completion(form: FormDefinition, answers: Mapping[str, Any]) -> tuple[int, int]:
    """(answered questions, all questions) of the form."""
    answered = sum(1 for q in form.questions if is_answered(q, answers.get(q.id)))
    return answered, len(form.questions)


def carry_over_previous_year(
    form: FormDefinition, answers: Mapping[str, Any], last_year: Mapping[str, Any]
) -> tuple[Answers, list[tuple[str, str]]]:
    """Fill the «previous year» cells still empty from what last year's form gave for its own year.

    Returns the new answers and the cells filled (question id, cell key), so the screen can say so.
    """
    result: Answers = {key: value for key, value in answers.items()}
    filled: list[tuple[str, str]] = []
    for q in form.questions:
        if q.kind is not QuestionKind.YEAR_PAIR or -1 not in q.year_offsets:
            continue
        previous = last_year.get(q.id)
        if not isinstance(previous, Mapping):
            continue
        current = {row: dict(cells) for row, cells in (result.get(q.id) or {}).items() if isinstance(cells, Mapping)}
        for row in q.pair_rows():
            source = previous.get(row.id)
            old = source.get("0") if isinstance(source, Mapping) else None
            cells = current.setdefault(row.id, {})
            if old is not None and cells.get("-1") is None:
                cells["-1"] = old
                filled.append((q.id, f"{row.id}/-1"))
        result[q.id] = current
    return result, filled
