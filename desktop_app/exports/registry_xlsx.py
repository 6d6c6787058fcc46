"""The measure registry as an Excel workbook: one row per measure with its latest report.

Laid out for printing as well as for filtering: a two-level merged header that repeats on every page,
A4 landscape fitted to the width, frozen header, wrapped text, dates as real dates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core.atomic import write_atomically
from desktop_app.domain.periods import format_date
from desktop_app.services.registry_export import RegistryExport, RegistryExportRow, who_and_when

MEASURE_COLUMNS = (
    ("№", 7),
    ("Наименование мероприятия", 48),
    ("Срок реализации", 22),
    ("График (как понят программой)", 20),
    ("Ответственные исполнители", 26),
    ("Вид документа", 16),
    ("Ожидаемый результат", 34),
)
REPORT_COLUMNS = (
    ("Период", 14),
    ("Статус", 14),
    ("Что сделано", 44),
    ("Количество", 10),
    ("Подтверждающие документы", 30),
    ("Отчитался", 18),
    ("Утвердил", 18),
    ("Просрочены отчёты за", 18),
)
HEADER_ROWS = 2
FIRST_DATA_ROW = 5  # title, subtitle, blank line, then the two header rows end at row 4


def write_registry_xlsx(export: RegistryExport, target: Path) -> Path:
    """Write the workbook to ``target`` atomically; a failure leaves any existing file as it was."""
    from openpyxl import Workbook  # loaded on first use: it is slow to import

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Реестр мероприятий"
    _title(sheet, export)
    _header(sheet)
    for offset, row in enumerate(export.rows):
        _data_row(sheet, FIRST_DATA_ROW + offset, row)
    _layout(sheet, len(export.rows))
    return _save(workbook, target)


def _title(sheet, export: RegistryExport) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.styles import Alignment, Font

    width = len(MEASURE_COLUMNS) + len(REPORT_COLUMNS)
    sheet.cell(row=1, column=1, value=export.title).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=1, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 34
    scope = f"отчёты за {export.period.label}" if export.period else "последний отчёт по каждому мероприятию"
    sheet.cell(row=2, column=1, value=f"Реестр мероприятий: {scope}. Сформировано {format_date(export.made_on)}.")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)


def _header(sheet) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="DDE6F0")
    top, bottom = FIRST_DATA_ROW - 2, FIRST_DATA_ROW - 1
    groups = (("Мероприятие", 1, len(MEASURE_COLUMNS)), ("Отчёт об исполнении", len(MEASURE_COLUMNS) + 1, None))
    total = len(MEASURE_COLUMNS) + len(REPORT_COLUMNS)
    for label, first, last in groups:
        last = last or total
        sheet.cell(row=top, column=first, value=label)
        sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
    for column, (label, _width) in enumerate(MEASURE_COLUMNS + REPORT_COLUMNS, start=1):
        sheet.cell(row=bottom, column=column, value=label)
        for row in (top, bottom):
            cell = sheet.cell(row=row, column=column)
            cell.font = Font(bold=True)
            cell.fill = fill
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[bottom].height = 32


def _data_row(sheet, row_number: int, row: RegistryExportRow) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Border, PatternFill, Side

    measure, report = row.measure, row.report
    values: list[object] = [
        measure.full_number,
        measure.name,
        measure.deadline_text,
        measure.schedule_summary,
        "\n".join(measure.executors),
        measure.document_type,
        measure.expected_result,
    ]
    if report is None:
        values += [measure.period.label if measure.period else "", row.state, "", None, "", "", ""]
    else:
        values += [
            report.period.label,
            row.state,
            report.done_text,
            report.quantity,
            "\n".join(report.documents),
            who_and_when(report.reported_by, report.reported_at),
            report.approval,
        ]
    values.append(", ".join(period.label for period in measure.overdue_periods))
    thin = Side(style="thin", color="B0B0B0")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    late = PatternFill("solid", fgColor="FDE2E1") if measure.overdue else None
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub(" ", value)  # Word's \x0b line breaks pasted into a report
        cell = sheet.cell(row=row_number, column=column, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text that looks like a formula stays text: a cell never computes anything
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = border
        if isinstance(value, float):
            cell.number_format = "# ##0.###"
        if late is not None and column == len(values):
            cell.fill = late


def _layout(sheet, count: int) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.utils import get_column_letter

    for column, (_label, width) in enumerate(MEASURE_COLUMNS + REPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    last_column = get_column_letter(len(MEASURE_COLUMNS) + len(REPORT_COLUMNS))
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=3)
    if count:
        sheet.auto_filter.ref = f"A{FIRST_DATA_ROW - 1}:{last_column}{FIRST_DATA_ROW + count - 1}"
    sheet.print_title_rows = f"{FIRST_DATA_ROW - 2}:{FIRST_DATA_ROW - 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "стр. &P из &N"


def _save(workbook: Any, target: Path) -> Path:
    return write_atomically(target, lambda temporary: workbook.save(temporary))
