"""Writing the measures of a period as a protected Excel template, one sheet per executor."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from desktop_app.core.atomic import write_atomically
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.execution import QUANTITY_LIMIT, REPORT_STATUS_LABELS, TEXT_LIMIT
from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period
from desktop_app.form_templates.ids import ID_SHEET
from desktop_app.form_templates.layout import HEADING_FILL, LISTS_SHEET, LOCKED_FILL, FormSheet
from desktop_app.formkit.answers import Limits
from desktop_app.formkit.definition import ValueType
from desktop_app.measure_templates.ids import MAX_CELLS, MeasureCellRef, MeasureTemplateIds, write_measure_ids
from desktop_app.measure_templates.model import ExecutorSheet, Field, MeasureLine

COL_NUMBER, COL_NAME, COL_DEADLINE = 1, 2, 3
INPUT_COLUMNS = {Field.STATUS: 4, Field.DONE_TEXT: 5, Field.QUANTITY: 6, Field.NOTES: 7}
WIDTHS = {COL_DEADLINE: 22, 4: 18, 5: 45, 6: 12, 7: 34}
STATUS_OPTIONS = tuple(REPORT_STATUS_LABELS.values())
HEADINGS = (
    "№",
    "Мероприятие",
    "Срок (как утверждён)",
    "Статус *",
    "Что сделано (если не выполнено — почему)",
    "Количество (число)",
    "Подтверждающие документы: вид, номер, дата",
)
INSTRUCTION = (
    "Заполните только светлые жёлтые ячейки, остальной лист защищён. Статус выберите из списка; для "
    "«выполнено», «выполнено частично» и «не выполнено» опишите, что сделано или почему не выполнено. "
    "Количество — только число, без слов. Подтверждающие документы перечислите (например: приказ № 12 от "
    "03.03.2026); копии документов пришлите отдельно. Строки мероприятий, по которым вам нечего сообщить, "
    "оставьте пустыми. Не переименовывайте листы и не вставляйте строки; сохраните файл в формате .xlsx и "
    "отправьте обратно."
)
_SHEET_NAME_LIMIT = 31  # Excel's
_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def field_limits(field: Field) -> Limits:
    """What an input cell of ``field`` accepts; writer and reader both ask here."""
    if field is Field.STATUS:
        return Limits(ValueType.CHOICE, options=STATUS_OPTIONS)
    if field is Field.QUANTITY:
        return Limits(ValueType.NUMBER, minimum=0.0, maximum=QUANTITY_LIMIT)
    return Limits(ValueType.TEXT, max_length=TEXT_LIMIT)


def write_measure_template(
    path: Path,
    program_id: str,
    program_title: str,
    period: Period,
    district: str,
    executors: Sequence[ExecutorSheet],
    *,
    installation: str = "",
) -> None:
    """Write the template of ``executors``' measures for ``period`` to ``path`` atomically: a sheet per
    executor, its measures' reports for the period already entered filled in."""
    sheets = [item for item in executors if item.measures]
    if not sheets:
        raise ValidationError(f"За {period.label} у выбранных исполнителей нет мероприятий: шаблон не нужен.")
    cells = sum(len(item.measures) for item in sheets) * len(INPUT_COLUMNS)
    if cells > MAX_CELLS:
        raise ValidationError(
            f"Шаблон получился бы больше {format_number(MAX_CELLS)} ячеек для ввода: выберите меньше исполнителей."
        )
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    book = Workbook()
    refs: list[MeasureCellRef] = []
    used: set[str] = {ID_SHEET.lower(), LISTS_SHEET.lower()}
    for index, executor in enumerate(sheets):
        title = sheet_title(executor.name, used)
        sheet = FormSheet(book, len(INPUT_COLUMNS) + 1, title=title, widths=WIDTHS, new_sheet=index > 0)
        refs.extend(_write_sheet(sheet, executor, program_title, period, district))
        sheet.finish()
    write_measure_ids(
        book,
        MeasureTemplateIds(
            program_id=program_id,
            program_title=program_title,
            period_code=period.code,
            district=district,
            installation=installation,
            refs=tuple(refs),
            created=datetime.now().isoformat(timespec="seconds"),
        ),
    )
    book.active = 0
    book.security = WorkbookProtection(lockStructure=True)  # sheets cannot be renamed, added or unhidden
    write_atomically(path, book.save, "шаблон")


def sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\'), unique in the book (case-blind)."""
    base = _FORBIDDEN.sub(" ", name).strip() or "Исполнитель"
    base = " ".join(base.split())[:_SHEET_NAME_LIMIT].strip()
    title, number = base, 1
    while title.lower() in used:
        number += 1
        suffix = f" ({number})"
        title = f"{base[: _SHEET_NAME_LIMIT - len(suffix)].rstrip()}{suffix}"
    used.add(title.lower())
    return title


def _write_sheet(
    sheet: FormSheet, executor: ExecutorSheet, program_title: str, period: Period, district: str
) -> list[MeasureCellRef]:
    last = sheet.last_column
    sheet.label(sheet.next_row(), COL_NUMBER, "Отчёт об исполнении мероприятий", to_column=last, bold=True, size=13)
    sheet.label(sheet.next_row(), COL_NUMBER, program_title, to_column=last, italic=True)
    sheet.label(sheet.next_row(), COL_NUMBER, f"Исполнитель: {executor.name}", to_column=last, bold=True)
    sheet.label(sheet.next_row(), COL_NUMBER, f"Район: {district}", to_column=last, bold=True)
    sheet.label(sheet.next_row(), COL_NUMBER, f"Отчётный период: {period.label}", to_column=last, bold=True)
    sheet.label(sheet.next_row(), COL_NUMBER, INSTRUCTION, to_column=last, hint=True)
    sheet.skip()
    header = sheet.next_row(2)
    for column, text in enumerate(HEADINGS, 1):
        sheet.label(header, column, text, bold=True, fill=HEADING_FILL, border=True, center=True)
    sheet.ws.freeze_panes = sheet.ws.cell(row=header + 1, column=1)
    sheet.ws.print_title_rows = f"{header}:{header}"
    refs: list[MeasureCellRef] = []
    for line in executor.measures:
        row = sheet.next_row()
        sheet.label(row, COL_NUMBER, line.number, border=True, fill=LOCKED_FILL)
        sheet.label(row, COL_NAME, line.name, border=True, fill=LOCKED_FILL)
        sheet.label(row, COL_DEADLINE, line.deadline_text, border=True, fill=LOCKED_FILL)
        for field, column in INPUT_COLUMNS.items():
            address = sheet.input(row, column, field_limits(field), _stored(line, field))
            refs.append(MeasureCellRef(sheet.ws.title, address, line.measure_id, field, executor.organisation_id))
    return refs


def _stored(line: MeasureLine, field: Field) -> object:
    if field is Field.STATUS:
        return line.status_label or None
    if field is Field.DONE_TEXT:
        return line.done_text or None
    if field is Field.QUANTITY:
        return line.quantity
    return line.notes or None
