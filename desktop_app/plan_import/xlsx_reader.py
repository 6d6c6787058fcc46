"""Excel (.xlsx) → RawDocument: every sheet as one table, merged ranges taken once, values as printed text."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from openpyxl import load_workbook

from desktop_app.domain.errors import UserError
from desktop_app.plan_import.raw import RawCell, RawDocument, RawItem, RawRow, RawTable, clean_text
from desktop_app.plan_import.safety import MAX_ROWS

MAX_COLUMNS = 40  # a roadmap has 5–7 columns; formatting stretched to column XFD must not cost minutes


def read_xlsx(path: str, source: str) -> RawDocument:
    """Each sheet's rows, in sheet order; raises UserError when the sheets hold absurdly many rows."""
    # not read_only: merged ranges are only known to a fully loaded sheet (the file size is capped)
    workbook = load_workbook(path, data_only=True)
    try:
        items: list[RawItem] = []
        total = 0
        for sheet in workbook.worksheets:
            total += sheet.max_row
            if total > MAX_ROWS:
                raise UserError(f"В файле «{source}» больше {MAX_ROWS} строк: это не похоже на план мероприятий.")
            items.append(_read_sheet(sheet))
        return RawDocument(source, tuple(items))
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """A cell value as it reads: dates as дд.мм.гггг, whole numbers without «.0»."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y") if value.time() == time(0) else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "да" if value else "нет"
    return clean_text(str(value))


def _read_sheet(sheet: Any) -> RawTable:
    name = f"лист «{sheet.title}»"
    width = min(sheet.max_column, MAX_COLUMNS)
    # top-left (row, column) → (rows, columns) spanned; other cells of a range repeat or vanish
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        spans[(top, left)] = (merged.max_row - top + 1, merged.max_col - left + 1)
        for row in range(top, merged.max_row + 1):
            for column in range(left, merged.max_col + 1):
                if (row, column) != (top, left):
                    covered[(row, column)] = (top, left)
    values = {
        (row_index, column_index): cell_text(value)
        for row_index, row in enumerate(sheet.iter_rows(max_col=width, values_only=True), 1)
        for column_index, value in enumerate(row, 1)
    }
    rows: list[RawRow] = []
    for row_index in range(1, sheet.max_row + 1):
        cells: list[RawCell] = []
        column = 1
        while column <= width:
            origin = covered.get((row_index, column))
            if origin is not None and origin[0] == row_index:
                column += 1  # inside a horizontal merge already taken
                continue
            if origin is not None:
                # a vertically merged cell: the lower rows read the same text, as Word's merged cells do
                span = spans[origin][1] - (column - origin[1])
                cells.append(RawCell(values.get(origin, ""), column - 1, span))
                column += span
                continue
            span = spans.get((row_index, column), (1, 1))[1]
            cells.append(RawCell(values.get((row_index, column), ""), column - 1, span))
            column += span
        rows.append(RawRow(f"{name}, строка {row_index}", tuple(cells)))
    return RawTable(name, tuple(rows), is_sheet=True)
