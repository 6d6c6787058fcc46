"""Writing a form as a protected Excel template: a title block, then the sections and questions in print order."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from desktop_app.core.atomic import write_atomically
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.indicators import IndicatorKind
from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period
from desktop_app.form_templates.cells import (
    INDICATOR_COMMENT,
    cell_limits,
    stored_cell,
    table_key,
    to_cell,
)
from desktop_app.form_templates.ids import MAX_INPUT_CELLS, CellRef, TemplateIds, write_ids
from desktop_app.form_templates.layout import (
    COL_NUMBER,
    COL_TEXT,
    FIRST_INPUT,
    HEADING_FILL,
    LOCKED_FILL,
    MIN_INPUT_COLUMNS,
    FormSheet,
)
from desktop_app.formkit.definition import (
    FormDefinition,
    IndicatorInfo,
    Question,
    QuestionKind,
    Section,
)

TABLE_ROWS = 10  # empty rows a table gets at least
TABLE_SPARE_ROWS = 5  # rows added below a table's stored rows
INSTRUCTION = (
    "Заполните только светлые (незащищённые) ячейки — жёлтые поля для ответов; остальной лист защищён. "
    "«Да» или «Нет» выберите из списка; числа вводите без единиц измерения (например, 1 234,5), "
    "даты — в виде ДД.ММ.ГГГГ. В таблицах оставлены пустые строки (не меньше {rows}); лишние оставьте "
    "пустыми, а если строк не хватает, попросите прислать шаблон с большим числом строк — вставить строки "
    "в защищённый лист нельзя. Звёздочкой (*) отмечены обязательные вопросы. Не переименовывайте листы; "
    "сохраните файл в формате .xlsx и отправьте обратно."
)


def write_template(
    path: Path,
    form: FormDefinition,
    period: Period,
    district: str,
    *,
    answers: Mapping[str, Any] | None = None,
    indicators: Mapping[str, IndicatorInfo] | None = None,
    installation: str = "",
) -> None:
    """Write the Excel template of ``form`` for ``district`` and ``period`` to ``path`` atomically.

    Args:
        answers: what is already stored (shapes of formkit.answers), written into the input cells.
        indicators: name, unit, kind and plan of the indicators that ``indicator`` questions name, by code.
        installation: the name of the installation that made the template, kept in the service sheet.
    """
    if not form.accepts(period):
        raise ValidationError(
            f"Форма «{form.title}» заполняется за {form.period_kind.label}, а выбран период «{period.label}»."
        )
    form = form.for_period(period)  # the years in the wording are the template's period's
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    book = Workbook()
    sheet = FormSheet(book, _input_columns(form))
    writer = _Writer(sheet, period, answers or {}, indicators or {})
    writer.title(form, district)
    for section in form.sections:
        writer.section(section)
    if len(writer.refs) > MAX_INPUT_CELLS:
        raise ValidationError(
            f"Шаблон формы «{form.title}» получился бы больше {format_number(MAX_INPUT_CELLS)} ячеек для ввода "
            f"({format_number(len(writer.refs))}): уменьшите число строк в таблицах."
        )
    sheet.finish()
    ids = TemplateIds(
        form_id=form.id,
        form_version=form.version,
        period_code=period.code,
        district=district,
        installation=installation,
        sheet=sheet.ws.title,
        refs=tuple(writer.refs),
        created=datetime.now().isoformat(timespec="seconds"),
    )
    write_ids(book, ids)
    book.active = 0
    book.security = WorkbookProtection(lockStructure=True)  # sheets cannot be renamed, added or unhidden
    write_atomically(path, book.save, "шаблон")


def table_rows(question: Question, stored: Any) -> int:
    """Input rows a table gets: at least 10 (or min_rows), or the stored rows and five more; max_rows caps it."""
    count = len(stored) if isinstance(stored, list) else 0
    wanted = max(question.min_rows, TABLE_ROWS, count + TABLE_SPARE_ROWS if count else 0)
    return max(count, min(wanted, question.max_rows))


def _input_columns(form: FormDefinition) -> int:
    needed = MIN_INPUT_COLUMNS
    for question in form.questions:
        if question.kind is QuestionKind.YEAR_PAIR:
            needed = max(needed, len(question.year_offsets))
        elif question.kind is QuestionKind.TABLE:
            needed = max(needed, len(question.columns) - 1)  # the first column of a table goes in column B
    return needed


class _Writer:
    def __init__(
        self, sheet: FormSheet, period: Period, answers: Mapping[str, Any], indicators: Mapping[str, IndicatorInfo]
    ) -> None:
        self.sheet = sheet
        self.period = period
        self.answers = answers
        self.indicators = indicators
        self.refs: list[CellRef] = []
        self.last = sheet.last_column

    def title(self, form: FormDefinition, district: str) -> None:
        s = self.sheet
        s.label(s.next_row(), COL_NUMBER, form.title, to_column=self.last, bold=True, size=13)
        if form.subtitle:
            s.label(s.next_row(), COL_NUMBER, form.subtitle, to_column=self.last, italic=True)
        s.label(s.next_row(), COL_NUMBER, f"Район: {district}", to_column=self.last, bold=True)
        s.label(s.next_row(), COL_NUMBER, f"Отчётный период: {self.period.label}", to_column=self.last, bold=True)
        s.label(s.next_row(), COL_NUMBER, INSTRUCTION.format(rows=TABLE_ROWS), to_column=self.last, hint=True)
        s.skip()

    def section(self, section: Section) -> None:
        s = self.sheet
        row = s.next_row()
        s.label(row, COL_NUMBER, section.number, bold=True, fill=HEADING_FILL)
        s.label(row, COL_TEXT, section.title, to_column=self.last, bold=True, fill=HEADING_FILL)
        if section.note:
            s.label(s.next_row(), COL_TEXT, section.note, to_column=self.last, italic=True)
        for question in section.questions:
            self.question(question)
        for subsection in section.sections:
            self.section(subsection)

    def question(self, q: Question) -> None:
        kind = q.kind
        if kind is QuestionKind.YES_NO:
            self._yes_no(q)
        elif kind is QuestionKind.TEXT:
            row = self._head(q, lines=3)
            self._input(q, "", row, FIRST_INPUT, to_column=self.last)
            self._hint(q)
        elif kind in (QuestionKind.NUMBER, QuestionKind.DATE, QuestionKind.CHOICE):
            row = self._head(q)
            self._input(q, "", row, FIRST_INPUT)
            if kind is QuestionKind.NUMBER and q.shown_unit:
                self.sheet.label(row, FIRST_INPUT + 1, q.shown_unit, hint=True)
            self._hint(q)
        elif kind is QuestionKind.YEAR_PAIR:
            self._year_pair(q)
        elif kind is QuestionKind.YES_NO_GRID:
            self._head(q, to_column=self.last)
            self._hint(q)
            for item in q.rows:
                row = self.sheet.next_row()
                self.sheet.label(row, COL_TEXT, item.label)
                self._input(q, item.id, row, FIRST_INPUT)
        elif kind is QuestionKind.TABLE:
            self._table(q)
        elif kind is QuestionKind.INDICATOR:
            self._indicator(q)

    def _head(self, q: Question, *, lines: int = 1, to_column: int | None = None, text: str = "") -> int:
        s = self.sheet
        row = s.next_row(lines)
        s.label(row, COL_NUMBER, q.number)
        shown = text or q.text
        s.label(row, COL_TEXT, f"{shown} *" if q.required else shown, to_column=to_column)
        return row

    def _hint(self, q: Question) -> None:
        if q.hint:
            self.sheet.label(self.sheet.next_row(), COL_TEXT, q.hint, to_column=self.last, hint=True)

    def _input(self, q: Question, key: str, row: int, column: int, *, to_column: int | None = None) -> None:
        limits = cell_limits(q, key)
        if limits is None:  # a bug here, not a user's mistake: every key written comes from the question
            raise AssertionError(f"{q.id}: no cell {key!r}")
        value = to_cell(limits.type, stored_cell(q, self.answers.get(q.id), key))
        address = self.sheet.input(row, column, limits, value, to_column=to_column)
        self.refs.append(CellRef(address, q.id, key, limits.type))

    def _yes_no(self, q: Question) -> None:
        row = self._head(q)
        self._input(q, "", row, FIRST_INPUT)
        if q.detail is not None:
            detail = self.sheet.next_row(2)
            answer = "Да" if q.detail.when else "Нет"
            self.sheet.label(detail, COL_TEXT, f"Если «{answer}»: {q.detail.label}", italic=True)
            self._input(q, "detail", detail, FIRST_INPUT, to_column=self.last)
        self._hint(q)

    def _year_pair(self, q: Question) -> None:
        s = self.sheet
        row = self._head(q)
        unit = f", {q.shown_unit}" if q.shown_unit else ""
        for index, offset in enumerate(q.year_offsets):
            label = f"{q.year_label(self.period, offset)}{unit}"
            s.label(row, FIRST_INPUT + index, label, bold=True, fill=HEADING_FILL, border=True, center=True)
        self._hint(q)
        for item in q.pair_rows():
            line = s.next_row()
            if item.label:
                s.label(line, COL_TEXT, item.label)
            for index, offset in enumerate(q.year_offsets):
                self._input(q, f"{item.id}/{offset}", line, FIRST_INPUT + index)

    def _table(self, q: Question) -> None:
        s = self.sheet
        self._head(q, to_column=self.last)
        self._hint(q)
        header = s.next_row()
        s.label(header, COL_NUMBER, "№ строки", bold=True, fill=HEADING_FILL, border=True, center=True)
        for index, column in enumerate(q.columns):
            title = " ".join(part for part in (column.number, column.title) if part)
            if column.unit:
                title = f"{title}, {column.unit}"
            if column.required:
                title = f"{title} *"
            s.label(header, COL_TEXT + index, title, bold=True, fill=HEADING_FILL, border=True, center=True)
        if any(column.hint for column in q.columns):
            hints = s.next_row()
            for index, column in enumerate(q.columns):
                s.label(hints, COL_TEXT + index, column.hint, hint=True, border=True)
        for number in range(1, table_rows(q, self.answers.get(q.id)) + 1):
            row = s.next_row()
            s.label(row, COL_NUMBER, str(number), center=True, border=True)
            for index, column in enumerate(q.columns):
                self._input(q, table_key(number, column.id), row, COL_TEXT + index)

    def _indicator(self, q: Question) -> None:
        s = self.sheet
        info = self.indicators.get(q.indicator_code)
        name = info.name if info is not None else ""
        self._head(q, to_column=self.last, text=q.text or name or f"Показатель {q.indicator_code}")
        self._hint(q)
        facts = [("Код показателя", q.indicator_code)]
        if q.text and name and name != q.text:
            facts.append(("Наименование", name))
        if info is not None and info.shown_unit:
            facts.append(("Единица измерения", info.shown_unit))
        if info is not None and info.plan_shown:
            facts.append(("Плановое значение", info.plan_shown))
        for label, value in facts:
            row = s.next_row()
            s.label(row, COL_TEXT, label)
            s.label(row, FIRST_INPUT, value, to_column=self.last, fill=LOCKED_FILL, border=True)
        ratio = info is not None and info.needs_ratio
        inputs = (
            [("numerator", "Числитель"), ("denominator", "Знаменатель")]
            if ratio
            else [("value", "Фактическое значение")]
        )
        rows = []
        for key, label in inputs:
            row = s.next_row()
            rows.append(row)
            s.label(row, COL_TEXT, label)
            self._input(q, key, row, FIRST_INPUT)
        if ratio and info is not None:
            # a ratio's value follows from its parts: shown computed, never typed, so the two cannot disagree
            column = get_column_letter(FIRST_INPUT)
            top, bottom = f"{column}{rows[0]}", f"{column}{rows[1]}"
            scale = IndicatorKind.of(info.kind).scale
            row = s.next_row()
            s.label(row, COL_TEXT, "Фактическое значение (считается)")
            formula = f'=IF(AND(ISNUMBER({top}),ISNUMBER({bottom}),{bottom}>0),ROUND({top}/{bottom}*{scale:g},1),"")'
            s.label(row, FIRST_INPUT, formula, fill=LOCKED_FILL, border=True)
        row = s.next_row(2)
        s.label(row, COL_TEXT, "Комментарий")
        self._input(q, INDICATOR_COMMENT, row, FIRST_INPUT, to_column=self.last)
