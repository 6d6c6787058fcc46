"""The «Вопросы» sheet into the ``sections`` of a form file: headings nest by their level, questions belong to
the heading above them, «графа» rows to the table above them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.form_workbook import layout as lay
from desktop_app.form_workbook.sheet import CellError, Problem, Row
from desktop_app.formkit.definition import QuestionKind, ValueType
from desktop_app.formkit.visibility import NO, YES

_KINDS = {lay.word(label): code for label, code in lay.KIND_WORDS.items()} | {
    kind.value: kind.value for kind in QuestionKind
}
_VALUE_TYPES = {lay.word(label): value.value for label, value in lay.VALUE_TYPE_WORDS.items()} | {
    value.value: value.value for value in ValueType
}
_ROW_LISTS = (QuestionKind.YEAR_PAIR.value, QuestionKind.YES_NO_GRID.value)
_OPTION_LISTS = (QuestionKind.CHOICE.value,)


@dataclass
class QuestionPlaces:
    """Where each part of the form came from, so a check on the whole form can name the cell."""

    questions: list[tuple[dict[str, Any], Row]] = field(default_factory=list)
    columns: list[tuple[dict[str, Any], dict[str, Any], Row]] = field(default_factory=list)


def read_sections(
    rows: list[Row], lists: Mapping[str, list[dict[str, str]]], problems: list[Problem]
) -> tuple[list[dict[str, Any]], QuestionPlaces]:
    """The nested sections of the sheet; each row that cannot be read adds a problem and is left out."""
    top: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    places = QuestionPlaces()
    kinds: dict[str, str] = {}
    table: dict[str, Any] | None = None
    for row in rows:
        try:
            kind = lay.word(row.text(lay.KIND))
            if kind == lay.SECTION:
                section = _section(row, len(stack))
                level = section.pop("level")
                del stack[level - 1 :]
                (stack[-1]["sections"] if stack else top).append(section)
                stack.append(section)
                table = None
            elif kind == lay.COLUMN:
                if table is None:
                    raise CellError(row.cell(lay.KIND), "строка «графа» должна идти под вопросом вида «таблица»")
                column = _column(row, lists)
                table.setdefault("columns", []).append(column)
                places.columns.append((table, column, row))
            else:
                if kind not in _KINDS:
                    shown = kind[:40] or "пусто"
                    raise CellError(
                        row.cell(lay.KIND), f"вид «{shown}» неизвестен; допустимо: {', '.join(lay.ROW_KINDS)}"
                    )
                if not stack:
                    raise CellError(row.cell(lay.KIND), "вопрос стоит выше первого раздела: добавьте строку «раздел»")
                question = _question(row, _KINDS[kind], lists, kinds)
                stack[-1]["questions"].append(question)
                places.questions.append((question, row))
                kinds[question.get("id") or question["number"]] = question["kind"]
                table = question if question["kind"] == QuestionKind.TABLE.value else None
        except CellError as error:
            problems.append(error.problem)
    return top, places


def _section(row: Row, depth: int) -> dict[str, Any]:
    level = row.whole(lay.LEVEL) or 1
    if level > depth + 1:
        raise CellError(row.cell(lay.LEVEL), f"раздел уровня {level} без раздела уровня {level - 1} выше")
    title = row.text(lay.TEXT)
    if not title:
        raise CellError(row.cell(lay.TEXT), "у раздела нет названия")
    return {
        "level": level,
        "number": row.text(lay.NUMBER),
        "title": title,
        "note": row.text(lay.HINT),
        "questions": [],
        "sections": [],
    }


def _question(
    row: Row, kind: str, lists: Mapping[str, list[dict[str, str]]], kinds: Mapping[str, str]
) -> dict[str, Any]:
    data: dict[str, Any] = {"number": row.text(lay.NUMBER), "kind": kind, "text": row.text(lay.TEXT)}
    _put(data, "id", row.text(lay.ID))
    _put(data, "hint", row.text(lay.HINT))
    _put(data, "unit", row.text(lay.UNIT))
    _put(data, "indicator", row.text(lay.INDICATOR))
    _put(data, "source", row.text(lay.SOURCE))
    data["required"] = row.flag(lay.REQUIRED, False)
    value_type = _value_type(row)
    if value_type:
        data["value_type"] = value_type
    _limits(row, data)
    for key, header in (("max_length", lay.MAX_LENGTH), ("min_rows", lay.MIN_ROWS), ("max_rows", lay.MAX_ROWS)):
        count = row.whole(header)
        if count is not None:
            data[key] = count
    years = row.text(lay.YEARS)
    if years:
        try:
            data["years"] = [int(part) for part in years.split(lay.SEPARATOR)]
        except ValueError:
            raise CellError(row.cell(lay.YEARS), "годы — смещения от отчётного через «;», например «0; -1»") from None
    detail = row.text(lay.DETAIL)
    if detail:
        data["detail"] = {
            "label": detail,
            "when": YES if row.flag(lay.DETAIL_WHEN, True) else NO,
            "required": row.flag(lay.DETAIL_REQUIRED, True),
        }
    elif not row.cell(lay.DETAIL_WHEN).empty or not row.cell(lay.DETAIL_REQUIRED).empty:
        raise CellError(row.cell(lay.DETAIL), "не указан текст уточнения")
    name = row.text(lay.LIST)
    if name:
        items = _list(row, name, lists)
        if kind in _ROW_LISTS:
            data["rows"] = name
        elif kind in _OPTION_LISTS:
            data["options"] = [item["label"] for item in items]
        else:
            raise CellError(row.cell(lay.LIST), "список нужен только вопросам с выбором, по списку или по годам")
    condition = row.text(lay.SHOWN_WHEN)
    if condition:
        data["shown_when"] = _shown_when(row, condition, kinds)
    return data


def _column(row: Row, lists: Mapping[str, list[dict[str, str]]]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": row.text(lay.ID), "title": row.text(lay.TEXT)}
    _put(data, "number", row.text(lay.NUMBER))
    _put(data, "hint", row.text(lay.HINT))
    data["required"] = row.flag(lay.REQUIRED, False)
    data["type"] = _value_type(row) or ValueType.TEXT.value
    _limits(row, data)
    name = row.text(lay.LIST)
    if name:
        data["options"] = [item["label"] for item in _list(row, name, lists)]
    if not data["id"]:
        raise CellError(row.cell(lay.ID), "у графы таблицы должен быть Id")
    return data


def _put(data: dict[str, Any], key: str, value: str) -> None:
    if value:
        data[key] = value


def _value_type(row: Row) -> str:
    text = lay.word(row.text(lay.VALUE_TYPE))
    if text and text not in _VALUE_TYPES:
        raise CellError(
            row.cell(lay.VALUE_TYPE),
            f"тип значения «{text[:40]}» неизвестен; допустимо: {', '.join(lay.VALUE_TYPE_WORDS)}",
        )
    return _VALUE_TYPES.get(text, "")


def _limits(row: Row, data: dict[str, Any]) -> None:
    if lay.word(row.text(lay.MIN)) == lay.NO_LIMIT:
        data["min"] = None
    else:
        minimum = row.amount(lay.MIN)
        if minimum is not None:
            data["min"] = minimum
    maximum = row.amount(lay.MAX)
    if maximum is not None:
        data["max"] = maximum


def _list(row: Row, name: str, lists: Mapping[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    if name not in lists:
        raise CellError(row.cell(lay.LIST), f"списка «{name[:40]}» нет на листе «{lay.LISTS}»")
    return lists[name]


def _shown_when(row: Row, condition: str, kinds: Mapping[str, str]) -> dict[str, Any]:
    question, equals, answers = condition.partition("=")
    parts = [answer.strip() for answer in answers.split(lay.SEPARATOR) if answer.strip()]
    if not equals or not question.strip() or not parts:
        raise CellError(row.cell(lay.SHOWN_WHEN), "условие пишется так: «5.2 = да» или «7 = вариант; другой вариант»")
    question = question.strip()
    if kinds.get(question) == QuestionKind.YES_NO.value:
        words = {**dict.fromkeys(lay.YES_WORDS, YES), **dict.fromkeys(lay.NO_WORDS, NO)}
        parts = [words.get(lay.word(part), part) for part in parts]
    return {"question": question, "answer": parts}
