"""Turning the raw cells of a template into stored answers and the issues of the cells that do not fit.

Each cell is converted by itself (formkit.answers.read_cell, through cells.from_cell); a cell it refuses
becomes an issue and is left out. The answers are then checked as a whole with
formkit.answers.check_answers (required questions, table rows), and each issue gets the address of its cell.

Shapes: empty cells are left out of an answer; a question with nothing filled is None. A yes/no answer
is ``{"value": …}`` with ``"detail"`` when one was written; an indicator ``{"value": …}`` with
``numerator``, ``denominator`` and ``comment`` when written; table rows keep their order, and rows with
nothing in them (or nothing readable) are dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.form_templates.cells import (
    INDICATOR_COMMENT,
    INDICATOR_NUMBERS,
    cell_limits,
    from_cell,
    split_table_key,
    table_key,
)
from desktop_app.form_templates.ids import CellRef, TemplateIds, damaged, split_address
from desktop_app.form_templates.model import TemplateIssue
from desktop_app.formkit.answers import Limits, check_answers
from desktop_app.formkit.definition import FormDefinition, Question, QuestionKind
from desktop_app.formkit.rules import check_rules


def assemble(
    form: FormDefinition, ids: TemplateIds, values: dict[str, Any], source: str, period: Period | None = None
) -> tuple[dict[str, Any], list[TemplateIssue], dict[tuple[str, str], str]]:
    """(answers of the questions the template holds, issues in sheet order, «Анкета!D17» of each answer
    cell) from raw values by address."""
    held = _refs_by_question(form, ids, source)
    answers: dict[str, Any] = {}
    found: list[tuple[str, str, str, str]] = []  # (question id, answer cell key, address, message)
    places: dict[tuple[str, str], str] = {}  # (question id, answer cell key) → address
    first: dict[str, str] = {}
    for question in form.questions:
        refs = held.get(question.id)
        if not refs:
            continue
        answers[question.id], renamed, refused = _read_question(question, refs, values)
        first[question.id] = refs[0][0].address
        for ref, _ in refs:
            key = renamed.get(ref.cell, "") if question.kind is QuestionKind.TABLE else ref.cell
            if key or question.kind is not QuestionKind.TABLE:  # a table's "" is the table: its first cell
                places[(question.id, key)] = ref.address
        for ref, message in refused:
            found.append((question.id, renamed.get(ref.cell, ref.cell), ref.address, message))
    seen = {(question_id, key, address) for question_id, key, address, _ in found}
    # rules across questions Excel cannot check by itself (a part against its whole) are checked here
    for issue in [*check_answers(form, answers), *check_rules(form, answers, period)]:
        if issue.question_id not in held:
            continue  # a question the template does not hold is not asked here
        address = places.get((issue.question_id, issue.cell)) or first[issue.question_id]
        if (issue.question_id, issue.cell, address) not in seen:
            found.append((issue.question_id, issue.cell, address, issue.message))
    found.sort(key=lambda item: split_address(item[2]))
    issues = [TemplateIssue(q, cell, f"{ids.sheet}!{address}", text) for q, cell, address, text in found]
    return answers, issues, {key: f"{ids.sheet}!{address}" for key, address in places.items()}


def _read_question(
    question: Question, refs: list[tuple[CellRef, Limits]], values: dict[str, Any]
) -> tuple[Any, dict[str, str], list[tuple[CellRef, str]]]:
    """(answer, template key → answer key for tables, refused cells with the reason)."""
    cells: dict[str, Any] = {}
    refused: list[tuple[CellRef, str]] = []
    for ref, limits in refs:
        try:
            value = from_cell(limits, values.get(ref.address))
        except ValidationError as exc:
            refused.append((ref, exc.message))
            continue
        if value is not None:
            cells[ref.cell] = value
    answer, renamed = _answer(question, [ref for ref, _ in refs], cells)
    return answer, renamed, refused


def _refs_by_question(form: FormDefinition, ids: TemplateIds, source: str) -> dict[str, list[tuple[CellRef, Limits]]]:
    """The map's cells grouped by question with what each accepts; a cell the form does not have (or of
    another type) means the map was tampered with."""
    held: dict[str, list[tuple[CellRef, Limits]]] = {}
    for ref in ids.refs:
        question = form.question(ref.question_id)
        limits = cell_limits(question, ref.cell) if question is not None else None
        if limits is None or limits.type is not ref.type:
            raise damaged(source, f"ячейка {ref.address} не относится к вопросам формы")
        if question is not None and question.kind is QuestionKind.INDICATOR and ref.cell in INDICATOR_NUMBERS:
            # a negative indicator number is read as it is: the value grid's rules refuse it in their words
            limits = replace(limits, minimum=None)
        held.setdefault(ref.question_id, []).append((ref, limits))
    return held


def _answer(q: Question, refs: list[CellRef], cells: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """The stored answer from the readable non-empty cells; for a table also template key → answer key.

    A table's template key is ``<row in the template>/<column>``; once empty rows are dropped the answer
    numbers its rows from 1 again, as check_answers does.
    """
    kind = q.kind
    if kind is QuestionKind.TABLE:
        return _table(q, refs, cells)
    if not cells:
        return None, {}
    if kind is QuestionKind.YES_NO:
        answer: dict[str, Any] = {"value": cells.get("")}
        if "detail" in cells:
            answer["detail"] = cells["detail"]
        return answer, {}
    if kind is QuestionKind.YEAR_PAIR:
        pairs: dict[str, dict[str, Any]] = {}
        for row in q.pair_rows():
            for offset in q.year_offsets:
                key = f"{row.id}/{offset}"
                if key in cells:
                    pairs.setdefault(row.id, {})[str(offset)] = cells[key]
        return pairs, {}
    if kind is QuestionKind.YES_NO_GRID:
        return {row.id: cells[row.id] for row in q.rows if row.id in cells}, {}
    if kind is QuestionKind.INDICATOR:
        values: dict[str, Any] = {"value": cells.get("value")}
        for key in (*INDICATOR_NUMBERS[1:], INDICATOR_COMMENT):
            if key in cells:
                values[key] = cells[key]
        return values, {}
    return cells.get(""), {}


def _table(q: Question, refs: list[CellRef], cells: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    numbers = sorted({split_table_key(ref.cell)[0] for ref in refs})
    rows: list[dict[str, Any]] = []
    renamed: dict[str, str] = {}
    for number in numbers:
        row = {c.id: cells[table_key(number, c.id)] for c in q.columns if table_key(number, c.id) in cells}
        if not row:
            continue
        rows.append(row)
        for column in q.columns:
            renamed[table_key(number, column.id)] = table_key(len(rows), column.id)
    # a refused cell in a row with nothing else readable is reported against the whole table (cell "")
    renamed.update({ref.cell: "" for ref in refs if ref.cell not in renamed})
    return (rows or None), renamed
