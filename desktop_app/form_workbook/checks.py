"""The loader's own checks (formkit/loader.py, formkit/rules.py) run row by row, so that a workbook is held to
exactly the rules a form file is, and each refusal is told at the cell that causes it."""

from __future__ import annotations

import copy
import re
from typing import Any

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.form_workbook import layout as lay
from desktop_app.form_workbook.questions import QuestionPlaces
from desktop_app.form_workbook.sheet import Cell, Problem, Row
from desktop_app.formkit.definition import FORM_FORMAT, FORM_FORMAT_VERSION, FormDefinition
from desktop_app.formkit.loader import parse_form
from desktop_app.formkit.rules import check_references, parse_rules

SOURCE = "книга"
_PREFIX = re.compile(r"^Файл формы «книга»: (?:[^—]*? — )?")
# The file's field names in the loader's sentences, and the column of the workbook that holds each.
_FIELDS = {
    "years": lay.YEARS,
    "max_length": lay.MAX_LENGTH,
    "min_rows": lay.MIN_ROWS,
    "max_rows": lay.MAX_ROWS,
    "detail.when": lay.DETAIL_WHEN,
    "detail": lay.DETAIL,
    "label": lay.DETAIL,
    "options": lay.LIST,
    "rows": lay.LIST,
    "columns": lay.KIND,
    "indicator": lay.INDICATOR,
    "source": lay.SOURCE,
    "value_type": lay.VALUE_TYPE,
    "type": lay.VALUE_TYPE,
    "max": lay.MAX,
    "min": lay.MIN,
    "text": lay.TEXT,
    "title": lay.TEXT,
    "kind": lay.KIND,
    "id": lay.ID,
}
_FIELD_WORD = re.compile(r"\b(" + "|".join(re.escape(name) for name in _FIELDS) + r")\b")


def skeleton(settings: dict[str, Any], lists: dict[str, Any], sections: list[dict[str, Any]]) -> dict[str, Any]:
    """A form file's dict around ``sections``."""
    return {
        "format": FORM_FORMAT,
        "format_version": FORM_FORMAT_VERSION,
        **settings,
        "lists": lists,
        "sections": sections,
    }


def _probe(lists: dict[str, Any], questions: list[dict[str, Any]]) -> dict[str, Any]:
    settings = {"id": "probe", "version": 1, "title": "probe", "period_kind": "year"}
    return skeleton(settings, lists, [{"title": "probe", "questions": questions}])


def _sentence(error: UserError) -> str:
    return _PREFIX.sub("", error.message).rstrip(".")


def _column_of(message: str, default: str) -> str:
    found = _FIELD_WORD.search(message)
    return _FIELDS[found.group(1)] if found else default


def _in_words(message: str) -> str:
    """The loader's field names replaced by the workbook's column headers."""
    return _FIELD_WORD.sub(lambda match: f"«{_FIELDS[match.group(1)]}»", message).replace("««", "«").replace("»»", "»")


def _problem(row: Row, error: UserError, default: str) -> Problem:
    message = _sentence(error)
    return Problem(row.cell(_column_of(message, default)).address, _in_words(message))


def check_list(name: str, items: list[dict[str, str]], cell: Cell) -> Problem | None:
    """A list as the loader reads it: labels given, ids not repeated."""
    probe = _probe({name: items}, [{"number": "1", "kind": "text", "text": "probe"}])
    try:
        parse_form(probe, SOURCE)
    except ValidationError as error:
        return Problem(cell.address, _in_words(_sentence(error)))
    return None


def check_rows(lists: dict[str, Any], places: QuestionPlaces) -> list[Problem]:
    """Each question alone (its «shown when» apart: that is checked against the whole form), then each column."""
    problems = []
    failed: set[int] = set()
    for table, column, row in places.columns:
        probe = {"number": "1", "kind": "table", "text": "probe", "columns": [column]}
        try:
            parse_form(_probe(lists, [probe]), SOURCE)
        except ValidationError as error:
            problems.append(_problem(row, error, lay.VALUE_TYPE))
            failed.add(id(table))
    for question, row in places.questions:
        if id(question) in failed:
            continue
        alone = {key: value for key, value in question.items() if key != "shown_when"}
        ids = [column["id"] for column in alone.get("columns", [])]
        repeated = next((column_id for column_id in ids if ids.count(column_id) > 1), None)
        if repeated is not None:
            problems.append(Problem(row.cell(lay.KIND).address, f"графа с Id «{repeated[:40]}» в таблице повторяется"))
            continue
        try:
            parse_form(_probe(lists, [alone]), SOURCE)
        except ValidationError as error:
            problems.append(_problem(row, error, lay.KIND))
    return problems


def check_ids(places: QuestionPlaces) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for question, row in places.questions:
        question_id = question.get("id") or question["number"]
        if not question_id:
            problems.append(Problem(row.cell(lay.ID).address, "у вопроса без номера должен быть Id"))
        elif question_id in seen:
            header = lay.ID if question.get("id") else lay.NUMBER
            problems.append(
                Problem(
                    row.cell(header).address,
                    f"«{question_id[:40]}» уже есть в строке {seen[question_id]}; задайте вопросу свой Id",
                )
            )
        else:
            seen[question_id] = row.number
    return problems


def check_references_by_row(
    data: dict[str, Any], places: QuestionPlaces, rules: list[tuple[dict[str, Any], Row]]
) -> list[Problem]:
    """«Показан, если» of each question and each rule against the whole form."""
    problems: list[Problem] = []
    plain = copy.deepcopy(data)
    plain.pop("rules", None)
    for section in _walk(plain["sections"]):
        for question in section["questions"]:
            question.pop("shown_when", None)
    base = parse_form(plain, SOURCE)
    for question, row in places.questions:
        if "shown_when" not in question:
            continue
        probe = copy.deepcopy(plain)
        _find(probe["sections"], row.number, places)["shown_when"] = question["shown_when"]
        try:
            check_references(parse_form(probe, SOURCE), _fail)
        except ValidationError as error:
            problems.append(Problem(row.cell(lay.SHOWN_WHEN).address, _sentence(error)))
    for rule, row in rules:
        try:
            parsed = parse_rules([rule], _fail)
            check_references(_with_rules(base, parsed), _fail)
        except ValidationError as error:
            problems.append(Problem(row.cell(lay.RULE).address, _sentence(error).replace("правило 1 ", "правило ")))
    return problems


def _with_rules(form: FormDefinition, rules: Any) -> FormDefinition:
    from dataclasses import replace

    return replace(form, rules=rules, _by_id={})


def _fail(where: str, what: str) -> ValidationError:
    return ValidationError(f"Файл формы «{SOURCE}»: {where} — {what}.")


def _walk(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for section in sections:
        found.append(section)
        found.extend(_walk(section["sections"]))
    return found


def _find(sections: list[dict[str, Any]], row_number: int, places: QuestionPlaces) -> dict[str, Any]:
    """The copy of the question read from ``row_number``: questions are in the same order in both."""
    index = next(i for i, (_, row) in enumerate(places.questions) if row.number == row_number)
    questions: list[dict[str, Any]] = [q for section in _walk(sections) for q in section["questions"]]
    return questions[index]
