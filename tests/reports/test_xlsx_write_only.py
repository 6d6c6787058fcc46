"""The workbook is now streamed out in openpyxl's write-only mode (issue 26 §2); what a user opens is the same:
the header cells where the table puts them, merged and framed on every edge, the number formats, the frozen
header and the header printed on every page, wrapped rows as tall as before, on every district's sheet."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from desktop_app.reports.model import Report, Section, Table
from desktop_app.reports.xlsx import xlsx_bytes
from tests.reports.sample import COLUMNS, HEADER, indicator_rows, sample_report

FORMATS = {3: "#,##0", 4: "#,##0.0", 5: "#,##0.0", 6: '0.0"\u00a0"%', 7: "#,##0.0", 8: "DD.MM.YYYY"}


@pytest.fixture(scope="module")
def split() -> Workbook:
    """A report with a sheet per district, as the reports on every district at the region are."""
    sections = tuple(
        Section(name, Table(COLUMNS, HEADER, tuple(indicator_rows(12 + number))), territory=name)
        for number, name in enumerate(("Район Альфа", "Район Бета", "Район Гамма"))
    )
    report = Report("Показатели", sections, organisation="Министерство", split_sections=True, made_on=date(2026, 7, 3))
    return load_workbook(io.BytesIO(xlsx_bytes(report)))


def header_top(sheet: object) -> int:
    return next(row for row in range(1, 30) if sheet.cell(row, 1).value == "№ п/п")  # type: ignore[attr-defined]


def test_every_districts_sheet_has_the_header_cells_merged_and_framed(split: Workbook) -> None:
    assert split.sheetnames == ["Район Альфа", "Район Бета", "Район Гамма"]
    for sheet in split.worksheets:
        top = header_top(sheet)
        assert [sheet.cell(top, column).value for column in (1, 2, 3, 4, 5, 8)] == [
            "№ п/п",
            "Наименование показателя",
            "Единица измерения",
            "Базовое значение",
            "I полугодие 2026 г.",
            "Отклонение",
        ]
        assert [sheet.cell(top + 1, column).value for column in range(5, 10)] == [
            "план",
            "факт",
            "исполнено, %",
            "абс.",
            "дата оценки",
        ]
        merged = {str(item) for item in sheet.merged_cells.ranges}
        assert {f"A{top}:A{top + 1}", f"D{top}:D{top + 1}", f"E{top}:G{top}", f"H{top}:I{top}"} <= merged
        # a merged cell prints framed: the covered cells on its edges carry the border of that edge
        assert sheet.cell(top + 1, 1).border.bottom.style == "thin"  # under «№ п/п», spanning two rows
        assert sheet.cell(top + 1, 1).border.left.style == "thin"
        assert sheet.cell(top, 7).border.right.style == "thin"  # the right end of «I полугодие 2026 г.»
        assert sheet.cell(top, 6).border.top.style == "thin" and sheet.cell(top, 6).value is None
        assert sheet.cell(top, 5).fill.fgColor.rgb.endswith("E6E6E6")


def test_every_districts_sheet_has_its_number_formats_frozen_header_and_print_titles(split: Workbook) -> None:
    for sheet in split.worksheets:
        top = header_top(sheet)
        first = next(row for row in range(top, top + 10) if sheet.cell(row, 1).value == "1.")
        for column, shown in FORMATS.items():
            assert sheet.cell(first, column + 1).number_format == shown
        assert sheet.cell(first, 4).value == 901 and sheet.cell(first, 7).value == pytest.approx(0.94)
        assert sheet.freeze_panes == f"A{top + 2}"
        assert sheet.print_title_rows == f"${top}:${top + 1}"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1


def test_a_wrapped_row_keeps_its_height_and_the_columns_their_widths() -> None:
    data = xlsx_bytes(sample_report(10, long_cell="очень длинное наименование показателя " * 12))
    sheet = load_workbook(io.BytesIO(data))["Отчёт"]
    long_row = next(row for row in range(1, 40) if sheet.cell(row, 1).value == "3а.")
    short_row = next(row for row in range(1, 40) if sheet.cell(row, 1).value == "1.")
    # 10-point text is 12.5 points a line, plus 2: the ordinary row's name takes two lines, the long one more
    assert sheet.row_dimensions[short_row].height == 2 * 12.5 + 2
    assert sheet.row_dimensions[long_row].height > 4 * 12.5 + 2
    widths = [sheet.column_dimensions[get_column_letter(column)].width for column in range(1, 10)]
    assert all(width > 0 for width in widths) and widths[1] == max(widths)


def test_the_rows_are_streamed_in_order() -> None:
    """Write-only sheets are written row after row: every row of a sheet's XML once, in ascending order."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(sample_report(50)))) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    numbers = [int(part.split('"', 1)[0]) for part in xml.split('<row r="')[1:]]
    assert numbers == sorted(set(numbers)) and len(numbers) > 50
