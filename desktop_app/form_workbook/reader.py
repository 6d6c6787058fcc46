"""Reading a form workbook (layout.py) into the dict of a form file and the definition the loader makes of it.

The workbook is checked as a file first (size, password, zip bombs: the checks of plan and template imports),
then cell by cell, then with the loader's own checks row by row (checks.py). Every problem is a Russian
sentence with its cell address; a form is made only from a workbook without problems.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.form_templates.reader import open_checked_workbook
from desktop_app.form_workbook import layout as lay
from desktop_app.form_workbook.checks import (
    SOURCE,
    check_ids,
    check_list,
    check_references_by_row,
    check_rows,
    skeleton,
)
from desktop_app.form_workbook.questions import read_sections
from desktop_app.form_workbook.sheet import Cell, CellError, Problem, Row, read_rows
from desktop_app.formkit.definition import FormDefinition
from desktop_app.formkit.loader import parse_form
from desktop_app.plan_import.safety import FileKind, corrupt

log = logging.getLogger(__name__)

FORM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
_PERIODS = {lay.word(label): kind.value for label, kind in lay.PERIOD_WORDS.items()} | {
    kind.value: kind.value for kind in lay.PERIOD_WORDS.values()
}
_RULES = {lay.word(label): kind for label, kind in lay.RULE_WORDS.items()} | {
    kind.value: kind for kind in lay.RULE_LABELS
}
_RULE_SIDES = {"part_of": ("item", "whole"), "sum": ("parts", "total"), "equals": ("item", "to")}


@dataclass
class WorkbookReading:
    """What a workbook holds: the form file's dict and the form, or the problems that keep it from loading."""

    source: str
    data: dict[str, Any] | None = None
    form: FormDefinition | None = None
    problems: list[Problem] = field(default_factory=list)

    def require(self) -> FormDefinition:
        """The form, or UserError listing every problem by its cell."""
        if self.form is None:
            lines = "\n".join(str(problem) for problem in self.problems)
            raise UserError(f"Форма из книги «{self.source}» не загружена — исправьте ячейки:\n{lines}")
        return self.form


def read_form_workbook(path: Path) -> WorkbookReading:
    """Read ``path``; UserError in one sentence for a file that is not a form workbook at all."""
    book = open_checked_workbook(path, "описание формы")
    try:
        missing = [name for name in lay.SHEETS if name not in book.sheetnames]
        if missing:
            raise UserError(
                f"Книга «{path.name}» не является описанием формы: нет листа «{missing[0]}» "
                f"(нужны листы {', '.join(f'«{name}»' for name in lay.SHEETS)})."
            )
        sheets = {name: read_rows(book[name], name, lay.HEADERS[name]) for name in lay.SHEETS}
    except UserError:
        raise
    except MemoryError:
        raise UserError(f"Файл «{path.name}» слишком велик: не хватает памяти, чтобы его прочитать.") from None
    except Exception:
        log.warning("Cannot read form workbook %s", path, exc_info=True)
        raise corrupt(path, FileKind.XLSX) from None
    finally:
        book.close()
    return read_sheets({name: rows for name, (rows, _) in sheets.items()}, path.name, _header_problems(sheets))


def _header_problems(sheets: dict[str, tuple[list[Row], list[Problem]]]) -> list[Problem]:
    return [problem for _, problems in sheets.values() for problem in problems]


def read_sheets(sheets: dict[str, list[Row]], source: str, problems: list[Problem] | None = None) -> WorkbookReading:
    """The form from the rows of the four sheets."""
    reading = WorkbookReading(source, problems=list(problems or []))
    if reading.problems:  # a sheet without its headers cannot be read by column
        return reading
    settings = _settings(sheets[lay.SETTINGS], reading.problems)
    lists = _lists(sheets[lay.LISTS], reading.problems)
    rules = _rules(sheets[lay.RULES], reading.problems)
    sections, places = read_sections(sheets[lay.QUESTIONS], lists, reading.problems)
    reading.problems.extend(check_ids(places))
    if not places.questions and not any(p.address.startswith(f"{lay.QUESTIONS}!") for p in reading.problems):
        reading.problems.append(Problem(f"{lay.QUESTIONS}!A2", "в форме нет ни одного вопроса"))
    reading.problems.extend(check_rows(lists, places))
    if reading.problems:
        return reading
    data = skeleton(settings, lists, sections)
    if rules:
        data["rules"] = [rule for rule, _ in rules]
    reading.problems.extend(check_references_by_row(data, places, rules))
    if reading.problems:
        return reading
    try:
        reading.form = parse_form(data, SOURCE)
    except ValidationError as error:  # every check above passed: the loader has one this reader does not know
        reading.problems.append(Problem(f"{lay.QUESTIONS}!A1", error.message))
        return reading
    reading.data = data
    return reading


def _settings(rows: list[Row], problems: list[Problem]) -> dict[str, Any]:
    found: dict[str, tuple[Row, str]] = {}
    labels = {lay.word(label): (label, key) for label, key in lay.SETTING_FIELDS.items()}
    for row in rows:
        try:
            name = lay.word(row.text(lay.SETTING))
            if name not in labels:
                known = ", ".join(lay.SETTING_FIELDS)
                raise CellError(row.cell(lay.SETTING), f"поле «{name[:40]}» неизвестно; есть: {known}")
            label, key = labels[name]
            if key in found:
                raise CellError(row.cell(lay.SETTING), f"поле «{label}» уже указано в строке {found[key][0].number}")
            found[key] = (row, row.text(lay.VALUE) if key != "version" else "")
        except CellError as error:
            problems.append(error.problem)
    settings: dict[str, Any] = {key: text for key, (_, text) in found.items() if text and key != "version"}
    end = max((row.number for row in rows), default=1) + 1
    for label, key in lay.SETTING_FIELDS.items():
        if key in ("subtitle", "description", "source"):
            continue
        given = found.get(key)
        where = given[0].cell(lay.VALUE).address if given else f"{lay.SETTINGS}!A{end}"
        try:
            if key == "version":
                settings["version"] = _version(given[0]) if given else 1
            elif not settings.get(key):
                problems.append(Problem(where, f"не указано поле «{label}»"))
            elif key == "id" and not FORM_ID.match(settings["id"]):
                problems.append(Problem(where, "идентификатор формы — латинские буквы, цифры и «-», до 64 знаков"))
            elif key == "period_kind":
                kind = _PERIODS.get(lay.word(settings[key]))
                if kind is None:
                    problems.append(Problem(where, f"период — одно из: {', '.join(lay.PERIOD_WORDS)}"))
                settings[key] = kind
        except CellError as error:
            problems.append(error.problem)
    return settings


def _version(row: Row) -> int:
    number = row.whole(lay.VALUE)
    if number is None or number < 1 or number > 1_000_000:
        raise CellError(row.cell(lay.VALUE), "версия — целое число от 1")
    return number


def _lists(rows: list[Row], problems: list[Problem]) -> dict[str, list[dict[str, str]]]:
    lists: dict[str, list[dict[str, str]]] = {}
    first: dict[str, Cell] = {}
    broken: set[str] = set()
    for row in rows:
        try:
            name = row.text(lay.LIST_NAME)
            if not name:
                raise CellError(row.cell(lay.LIST_NAME), "не указано имя списка")
            label = row.text(lay.ITEM_TEXT)
            if not label:
                raise CellError(row.cell(lay.ITEM_TEXT), "не указан текст строки списка")
            item_id = row.text(lay.ITEM_ID) or " ".join(label.split())
            items = lists.setdefault(name, [])
            first.setdefault(name, row.cell(lay.LIST_NAME))
            if any(" ".join(item["id"].split()) == " ".join(item_id.split()) for item in items):
                raise CellError(row.cell(lay.ITEM_ID), f"в списке «{name[:40]}» уже есть строка «{item_id[:40]}»")
            items.append({"id": item_id, "label": label})
        except CellError as error:
            problems.append(error.problem)
            broken.add(_name_of(row))  # a list with a broken row is left out of the loader's check below
    for name, items in list(lists.items()):
        problem = None if name in broken else check_list(name, items, first[name])
        if problem is not None:
            problems.append(problem)
    return lists


def _name_of(row: Row) -> str:
    try:
        return row.text(lay.LIST_NAME)
    except CellError:
        return ""


def _rules(rows: list[Row], problems: list[Problem]) -> list[tuple[dict[str, Any], Row]]:
    rules = []
    for row in rows:
        try:
            kind = _RULES.get(lay.word(row.text(lay.RULE)))
            if kind is None:
                raise CellError(row.cell(lay.RULE), f"правило — одно из: {', '.join(lay.RULE_WORDS)}")
            first, second = _RULE_SIDES[kind.value]
            rule: dict[str, Any] = {"rule": kind.value}
            for key, header in ((first, lay.RULE_ITEMS), (second, lay.RULE_OTHERS)):
                refs = [part.strip() for part in row.text(header).split(lay.SEPARATOR) if part.strip()]
                if not refs:
                    raise CellError(row.cell(header), "укажите номер вопроса, например «5.1» или «5.1.1/health»")
                rule[key] = refs
            rules.append((rule, row))
        except CellError as error:
            problems.append(error.problem)
    return rules
