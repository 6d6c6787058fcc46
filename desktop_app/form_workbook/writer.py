"""Writing a form definition out as a workbook in the layout of layout.py: what the region edits and loads back."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.core.atomic import write_atomically
from desktop_app.domain.text import collapse_spaces
from desktop_app.form_workbook import layout as lay
from desktop_app.formkit.definition import (
    Column,
    FormDefinition,
    GridRow,
    Question,
    QuestionKind,
    Section,
    ShownWhen,
    ValueType,
)
from desktop_app.formkit.visibility import NO, YES

_WIDTHS = {lay.TEXT: 60, lay.HINT: 40, lay.KIND: 24, lay.LIST: 22, lay.SHOWN_WHEN: 20, lay.DETAIL: 30, lay.SOURCE: 22}
_DEFAULT = Question(id="_", number="", kind=QuestionKind.TEXT, text="")
_DEFAULT_COLUMN = Column(id="_", title="")


def named_lists(raw_lists: Any) -> dict[str, tuple[GridRow, ...]]:
    """The ``lists`` of a form file as rows, read as the loader reads them, so the workbook keeps their names."""
    named: dict[str, tuple[GridRow, ...]] = {}
    if not isinstance(raw_lists, Mapping):
        return named
    for name, items in raw_lists.items():
        if not isinstance(items, list):
            continue
        rows = []
        for item in items:
            if isinstance(item, str):
                rows.append(GridRow(collapse_spaces(item), collapse_spaces(item)))
            elif isinstance(item, Mapping):
                label = collapse_spaces(str(item.get("label", "")))
                rows.append(GridRow(collapse_spaces(str(item.get("id") or label)), label))
        named[str(name)] = tuple(rows)
    return named


def write_form_workbook(
    form: FormDefinition, target: Path, lists: Mapping[str, tuple[GridRow, ...]] | None = None
) -> Path:
    """Write ``form`` as a workbook to ``target`` (atomically); ``lists`` are the form file's named row lists."""
    book = build_form_workbook(form, lists)
    return write_atomically(target, lambda temporary: book.save(temporary), "описание формы")


def build_form_workbook(form: FormDefinition, lists: Mapping[str, tuple[GridRow, ...]] | None = None) -> Workbook:
    """The workbook of ``form``: settings, questions with their columns, named lists and rules."""
    writer = _Writer(dict(lists or {}))
    book = Workbook()
    settings = book.active
    assert settings is not None
    settings.title = lay.SETTINGS
    _settings(settings, form)
    questions = book.create_sheet(lay.QUESTIONS)
    _header(questions, lay.QUESTION_HEADERS)
    for section in form.sections:
        writer.section(section, 1)
    for row in writer.rows:
        questions.append([row.get(header, "") for header in lay.QUESTION_HEADERS])
    _as_text(questions, (lay.NUMBER, lay.ID), lay.QUESTION_HEADERS)
    _validations(questions)
    list_sheet = book.create_sheet(lay.LISTS)
    _header(list_sheet, lay.LIST_HEADERS)
    for name, items in writer.used_lists.items():
        for item in items:
            list_sheet.append([name, "" if item.id == item.label else item.id, item.label])
    _as_text(list_sheet, (lay.ITEM_ID, lay.ITEM_TEXT), lay.LIST_HEADERS)
    rule_sheet = book.create_sheet(lay.RULES)
    _header(rule_sheet, lay.RULE_HEADERS)
    for rule in form.rules:
        rule_sheet.append(
            [
                lay.RULE_LABELS[rule.kind],
                f"{lay.SEPARATOR} ".join(ref.text for ref in rule.items),
                f"{lay.SEPARATOR} ".join(ref.text for ref in rule.others),
            ]
        )
    _as_text(rule_sheet, (lay.RULE_ITEMS, lay.RULE_OTHERS), lay.RULE_HEADERS)
    return book


class _Writer:
    def __init__(self, lists: dict[str, tuple[GridRow, ...]]) -> None:
        self.known = lists
        self.used_lists: dict[str, tuple[GridRow, ...]] = {}
        self.rows: list[dict[str, Any]] = []
        self.kinds: dict[str, QuestionKind] = {}

    def section(self, section: Section, level: int) -> None:
        self.rows.append(
            {
                lay.NUMBER: section.number,
                lay.KIND: lay.SECTION,
                lay.LEVEL: level,
                lay.TEXT: section.title,
                lay.HINT: section.note,
            }
        )
        for question in section.questions:
            self.question(question)
        for child in section.sections:
            self.section(child, level + 1)

    def list_name(self, rows: tuple[GridRow, ...], fallback: str) -> str:
        for name, known in (*self.used_lists.items(), *self.known.items()):
            if known == rows:
                self.used_lists[name] = rows
                return name
        name = fallback
        while name in self.used_lists or name in self.known:
            name += "'"
        self.used_lists[name] = rows
        return name

    def options(self, options: tuple[str, ...], fallback: str) -> str:
        return self.list_name(tuple(GridRow(option, option) for option in options), fallback) if options else ""

    def question(self, q: Question) -> None:
        self.kinds[q.id] = q.kind
        row: dict[str, Any] = {
            lay.NUMBER: q.number,
            lay.ID: "" if q.id == q.number else q.id,
            lay.KIND: q.kind.label,
            lay.TEXT: q.text,
            lay.HINT: q.hint,
            lay.REQUIRED: "да" if q.required else "",
            lay.VALUE_TYPE: _value_type(q.kind, q.value_type),
            lay.UNIT: q.unit,
            lay.SHOWN_WHEN: self.shown_when(q.shown_when),
            lay.MIN: _minimum(q.minimum),
            lay.MAX: _number(q.maximum),
            lay.YEARS: ""
            if q.year_offsets == _DEFAULT.year_offsets
            else f"{lay.SEPARATOR} ".join(map(str, q.year_offsets)),
            lay.MAX_LENGTH: "" if q.max_length == _DEFAULT.max_length else q.max_length,
            lay.MIN_ROWS: "" if q.min_rows == _DEFAULT.min_rows else q.min_rows,
            lay.MAX_ROWS: "" if q.max_rows == _DEFAULT.max_rows else q.max_rows,
            lay.INDICATOR: q.indicator_code,
            lay.SOURCE: q.source,
        }
        if q.rows:
            row[lay.LIST] = self.list_name(q.rows, f"строки {q.id}")
        elif q.options:
            row[lay.LIST] = self.options(q.options, f"варианты {q.id}")
        if q.detail is not None:
            row[lay.DETAIL] = q.detail.label
            row[lay.DETAIL_WHEN] = "" if q.detail.when else "нет"
            row[lay.DETAIL_REQUIRED] = "" if q.detail.required else "нет"
        self.rows.append(row)
        for column in q.columns:
            self.column(q, column)

    def column(self, q: Question, column: Column) -> None:
        self.rows.append(
            {
                lay.NUMBER: column.number,
                lay.ID: column.id,
                lay.KIND: lay.COLUMN,
                lay.TEXT: column.title,
                lay.HINT: column.hint,
                lay.REQUIRED: "да" if column.required else "",
                lay.VALUE_TYPE: lay.VALUE_TYPE_LABELS[column.type],
                lay.LIST: self.options(column.options, f"варианты {q.id}/{column.id}"),
                lay.MIN: _minimum(column.minimum),
                lay.MAX: _number(column.maximum),
            }
        )

    def shown_when(self, condition: ShownWhen | None) -> str:
        if condition is None:
            return ""
        words = {YES: lay.YES_WORDS[0], NO: lay.NO_WORDS[0]}
        yes_no = self.kinds.get(condition.question_id) is QuestionKind.YES_NO
        answers = [words.get(answer, answer) if yes_no else answer for answer in condition.answers]
        return f"{condition.question_id} = {f'{lay.SEPARATOR} '.join(answers)}"


def _value_type(kind: QuestionKind, value_type: ValueType) -> str:
    numeric = kind in (QuestionKind.NUMBER, QuestionKind.YEAR_PAIR)
    return lay.VALUE_TYPE_LABELS[value_type] if numeric or value_type is not _DEFAULT.value_type else ""


def _minimum(value: float | None) -> Any:
    return lay.NO_LIMIT if value is None else ("" if value == _DEFAULT.minimum else _number(value))


def _number(value: float | None) -> Any:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def _settings(sheet: Worksheet, form: FormDefinition) -> None:
    _header(sheet, lay.SETTINGS_HEADERS)
    values = {
        "id": form.id,
        "title": form.title,
        "subtitle": form.subtitle,
        "version": form.version,
        "period_kind": form.period_kind.label,
        "description": form.description,
        "source": form.source,
    }
    for label, key in lay.SETTING_FIELDS.items():
        sheet.append([label, values[key]])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    periods = DataValidation(type="list", formula1=f'"{",".join(lay.PERIOD_WORDS)}"', allow_blank=False)
    sheet.add_data_validation(periods)
    periods.add(f"B{2 + list(lay.SETTING_FIELDS.values()).index('period_kind')}")


def _header(sheet: Worksheet, headers: tuple[str, ...]) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[lay.column_letter(index)].width = _WIDTHS.get(header, max(10, len(header) + 2))


def _as_text(sheet: Worksheet, headers: tuple[str, ...], all_headers: tuple[str, ...]) -> None:
    """Numbers as printed («5.10», «1.») must stay text: Excel would make 5.10 the number 5.1."""
    for header in headers:
        for (cell,) in sheet.iter_rows(
            min_row=2, min_col=all_headers.index(header) + 1, max_col=all_headers.index(header) + 1
        ):
            cell.number_format = "@"
            if cell.value is not None and not isinstance(cell.value, str):
                cell.value = str(cell.value)
    for header in (lay.TEXT, lay.HINT):
        if header in all_headers:
            column = all_headers.index(header) + 1
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _validations(sheet: Worksheet) -> None:
    """Drop-down lists where Excel can offer them; the reader checks every cell anyway."""
    last = max(sheet.max_row, 2) + 500
    choices = {
        lay.KIND: lay.ROW_KINDS,
        lay.REQUIRED: ("да", "нет"),
        lay.VALUE_TYPE: tuple(lay.VALUE_TYPE_WORDS),
        lay.DETAIL_WHEN: ("да", "нет"),
        lay.DETAIL_REQUIRED: ("да", "нет"),
    }
    for header, words in choices.items():
        letter = lay.column_letter(lay.QUESTION_HEADERS.index(header) + 1)
        validation = DataValidation(type="list", formula1=f'"{",".join(words)}"', allow_blank=True)
        validation.error = f"Выберите значение из списка: {', '.join(words)}."
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last}")
