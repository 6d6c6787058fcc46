"""Reading a filled measure template back: the file checked before openpyxl sees it, the cells read by the
service sheet's map, and each measure's row turned into a report input or the problems of its cells."""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.execution import REPORT_STATUS_LABELS, ReportInput, ReportStatus, read_quantity
from desktop_app.domain.periods import Period
from desktop_app.domain.text import search_key
from desktop_app.form_templates.cells import from_cell
from desktop_app.form_templates.ids import ID_SHEET, damaged, not_a_template, split_address
from desktop_app.form_templates.model import TemplateIssue
from desktop_app.form_templates.reader import open_checked_workbook
from desktop_app.measure_templates.ids import MeasureCellRef, MeasureTemplateIds, read_measure_ids
from desktop_app.measure_templates.model import Field, FilledMeasureTemplate, FilledRow
from desktop_app.measure_templates.writer import field_limits
from desktop_app.plan_import.safety import FileKind, corrupt

log = logging.getLogger(__name__)

_STATUS_BY_KEY = {search_key(label): status for status, label in REPORT_STATUS_LABELS.items()}


def read_measure_template(path: Path) -> FilledMeasureTemplate:
    """The rows of a filled measure template; UserError for a file that is not one, is damaged or oversized."""
    ids, values = _open(path)
    try:
        period = Period.parse(ids.period_code)
    except ValidationError:
        raise damaged(path.name, f"период «{ids.period_code}»") from None
    grouped: dict[tuple[str, str], list[MeasureCellRef]] = defaultdict(list)
    for ref in ids.refs:
        grouped[(ref.sheet, ref.measure_id)].append(ref)
    rows = []
    for (sheet, measure_id), refs in grouped.items():
        rows.append(
            FilledRow(
                measure_id=measure_id,
                executor_id=refs[0].executor_id,
                sheet=sheet,
                values={ref.field: values.get((ref.sheet, ref.address)) for ref in refs},
                addresses={ref.field: f"{ref.sheet}!{ref.address}" for ref in refs},
            )
        )
    return FilledMeasureTemplate(
        program_id=ids.program_id,
        program_title=ids.program_title,
        period=period,
        district=ids.district,
        rows=tuple(rows),
        installation=ids.installation,
        source=path.name,
    )


def row_input(row: FilledRow) -> tuple[ReportInput | None, list[TemplateIssue]]:
    """(the report the row asks for, None for an empty row; the problems of its cells with their addresses)."""
    if row.is_empty:
        return None, []
    issues: list[TemplateIssue] = []

    def problem(field: Field, message: str) -> None:
        issues.append(TemplateIssue(row.measure_id, field.value, row.addresses.get(field, row.sheet), message))

    status: ReportStatus | None = None
    raw_status = row.values.get(Field.STATUS)
    if raw_status is None or not str(raw_status).strip():
        problem(Field.STATUS, "Выберите статус исполнения из списка.")
    else:
        status = _STATUS_BY_KEY.get(search_key(str(raw_status)))
        if status is None:
            problem(Field.STATUS, f"Статус «{str(raw_status).strip()}» неизвестен: выберите его из списка.")
    texts: dict[Field, str] = {}
    for field in (Field.DONE_TEXT, Field.NOTES):
        try:
            value = from_cell(field_limits(field), row.values.get(field))
        except ValidationError as error:
            problem(field, error.message)
            value = None
        texts[field] = "" if value is None else str(value)
    quantity = _quantity(row.values.get(Field.QUANTITY), lambda message: problem(Field.QUANTITY, message))
    if status is None or issues:
        return None, issues
    entry = ReportInput(status.value, texts[Field.DONE_TEXT], quantity, texts[Field.NOTES])
    try:
        return entry.checked(), []
    except ValidationError as error:
        fields = {
            "status": Field.STATUS,
            "done_text": Field.DONE_TEXT,
            "quantity": Field.QUANTITY,
            "notes": Field.NOTES,
        }
        for name, message in (error.field_errors or {"": error.message}).items():
            problem(fields.get(name, Field.STATUS), message)
        return None, issues


def _quantity(raw: Any, problem: Any) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str):
        number, message = read_quantity(raw)
        if message:
            problem(message)
        return number
    try:
        value = from_cell(field_limits(Field.QUANTITY), raw)
    except ValidationError as error:
        problem(error.message)
        return None
    return None if value is None else float(value)


def _open(path: Path) -> tuple[MeasureTemplateIds, dict[tuple[str, str], Any]]:
    book = open_checked_workbook(path, "шаблон отчётов об исполнении")
    try:
        if ID_SHEET not in book.sheetnames:
            raise not_a_template(path.name)
        ids = read_measure_ids(book[ID_SHEET], path.name)
        values: dict[tuple[str, str], Any] = {}
        by_sheet: dict[str, list[MeasureCellRef]] = defaultdict(list)
        for ref in ids.refs:
            by_sheet[ref.sheet].append(ref)
        for name, refs in by_sheet.items():
            if name not in book.sheetnames:
                raise damaged(path.name, f"нет листа «{name}»")
            values.update(_values(book[name], name, refs))
        return ids, values
    except UserError:
        raise
    except MemoryError:
        raise UserError(f"Файл «{path.name}» слишком велик: не хватает памяти, чтобы его прочитать.") from None
    except Exception:
        log.warning("Cannot read measure template %s", path, exc_info=True)
        raise corrupt(path, FileKind.XLSX) from None
    finally:
        book.close()


def _values(sheet: Any, name: str, refs: list[MeasureCellRef]) -> dict[tuple[str, str], Any]:
    """The raw value of every mapped cell of one sheet, reading it once from the first mapped row to the last."""
    wanted = {split_address(ref.address): ref.address for ref in refs}
    first = min(row for row, _ in wanted)
    last = max(row for row, _ in wanted)
    width = max(column for _, column in wanted)
    values: dict[tuple[str, str], Any] = {}
    for number, cells in enumerate(
        sheet.iter_rows(min_row=first, max_row=last, max_col=width, values_only=True), first
    ):
        for column, value in enumerate(cells, 1):
            address = wanted.get((number, column))
            if address is not None:
                values[(name, address)] = value
    return values
