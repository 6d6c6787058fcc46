"""Body rows are written as values beside styles shared by each kind of cell of a column (issue 26 §2); the
workbook a user opens is cell for cell what the cell-by-cell writer made: values and their types, number
formats, fonts, borders, fills, alignment, merged cells, widths and heights, the frozen header, print titles."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop_app.reports import xlsx_rows
from desktop_app.reports.formatting import DASH, rounded
from desktop_app.reports.model import (
    Align,
    Cell,
    CellKind,
    Column,
    HeaderCell,
    Report,
    Row,
    RowStyle,
    Section,
    Table,
    day,
    decimal,
    empty,
    integer,
    percent,
    text,
)
from desktop_app.reports.xlsx import xlsx_bytes
from desktop_app.reports.xlsx_style import GRID, TABLE_SIZE, alignment, font, number_format, set_text, text_lines
from tests.reports.register_sample import register_report
from tests.reports.sample import sample_report


def cell_by_cell(self: xlsx_rows.PlainRows, number: int, row: Row) -> int:
    """The writer before: each cell made, given its value and styled on its own."""
    sheet, lines = self.sheet, 1
    for index, value in enumerate(row.cells):
        column = index + 1
        if value.is_empty:
            cell = set_text(sheet, number, column, DASH)
        elif value.kind is CellKind.TEXT:
            cell = set_text(sheet, number, column, str(value.value))
        else:
            shown: Any = value.value
            if isinstance(shown, int | float | Decimal):
                exact = rounded(shown, value.precision)
                if value.kind is CellKind.PERCENT:
                    exact /= 100
                shown = int(exact) if value.kind is CellKind.INTEGER else float(exact)
            cell = sheet.cell(row=number, column=column, value=shown)
        bold = row.style is RowStyle.TOTAL
        sheet.style(
            cell,
            font(TABLE_SIZE, bold=bold),
            alignment(self.table.align(index, value)),
            GRID,
            number_format=number_format(value),
        )
        if value.kind is CellKind.TEXT and value.value:
            lines = max(lines, text_lines(str(value.value), self.widths[index], TABLE_SIZE))
    return lines


def odd_values() -> Report:
    """Every kind of cell, the empty ones, text a workbook would take for a formula or an error, a total."""
    columns = (Column(0.5, Align.CENTER), Column(3.0), *(Column(1.0) for _ in range(6)))
    header = ((HeaderCell("№"), HeaderCell("Текст"), *(HeaderCell(f"Число {n}") for n in range(1, 7))),)
    rows = [
        Row.of(
            str(n),
            text(value),
            integer(n * 1000),
            decimal(n / 3, 2),
            percent(n * 12.345),
            day(date(2026, 1, n)),
            Cell(Decimal("2.675"), CellKind.DECIMAL, 2),
            empty(),
        )
        for n, value in enumerate(["=SUM(A1:A2)", "#N/A", "", "перенос\nстроки", "очень длинный текст " * 8], 1)
    ]
    rows.append(Row.of("6", None, integer(None), decimal(None), percent(None), day(None), text(None), "да"))
    rows.append(Row.total("", "Итого", integer(15000), decimal(5.0), percent(185.2), day(None), empty(), ""))
    rows.append(Row.group("Раздел 2. Группа"))
    rows.append(Row.of("7", "после группы", 1, 2.5, percent(0), date(2026, 2, 3), Decimal("1.05"), True))
    return Report("Проверка", (Section("Раздел", Table(columns, header, tuple(rows))),))


def described(data: bytes) -> dict[str, Any]:
    workbook = load_workbook(io.BytesIO(data))
    found: dict[str, Any] = {"sheets": workbook.sheetnames}
    for sheet in workbook.worksheets:
        cells = {
            cell.coordinate: (
                cell.value,
                cell.data_type,
                cell.number_format,
                repr(cell.font),
                repr(cell.border),
                repr(cell.fill),
                repr(cell.alignment),
                repr(cell.protection),
            )
            for row in sheet.iter_rows()
            for cell in row
        }
        found[sheet.title] = (
            cells,
            sorted(str(item) for item in sheet.merged_cells.ranges),
            {key: value.width for key, value in sheet.column_dimensions.items()},
            {key: value.height for key, value in sheet.row_dimensions.items() if value.height is not None},
            sheet.freeze_panes,
            sheet.print_title_rows,
            sheet.page_setup.orientation,
        )
    return found


@pytest.mark.parametrize("make", [lambda: register_report(40), lambda: sample_report(30), odd_values])
def test_the_workbook_is_what_the_cell_by_cell_writer_made(make: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    report = make()
    written = described(xlsx_bytes(report))
    monkeypatch.setattr(xlsx_rows.PlainRows, "write", cell_by_cell)
    before = described(xlsx_bytes(report))
    assert written == before


def test_a_register_keeps_its_values_types_and_heights() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes(register_report(40)))).worksheets[0]
    top = next(row for row in range(1, 30) if sheet.cell(row, 1).value == "№ п/п")
    first = top + 1
    assert [sheet.cell(first, column).value for column in (1, 2, 3)] == ["1", "РС-01-0001", "Семья 1"]
    assert sheet.cell(first, 6).number_format == "DD.MM.YYYY" and sheet.cell(first, 6).value.year == 2026
    assert sheet.cell(first, 7).value == 2 and sheet.cell(first, 7).number_format == "#,##0"
    long_row = first + 2  # the third family's names take three lines of the column
    assert sheet.row_dimensions[long_row].height == 3 * 12.5 + 2
    assert sheet.cell(first + 40, 2).value == "Итого" and sheet.cell(first + 40, 2).font.b
