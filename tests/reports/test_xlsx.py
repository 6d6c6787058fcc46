"""The workbook holds the same report as the PDF with real numbers and dates, merged headers, frozen header
and print setup, and a sheet per district when the report is split."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.reports.model import (
    Column,
    HeaderCell,
    Report,
    Row,
    Section,
    Signature,
    Table,
    decimal,
    percent,
)
from desktop_app.reports.progress import Cancelled
from desktop_app.reports.xlsx import render_xlsx, xlsx_bytes
from desktop_app.reports.xlsx_style import sheet_names, text_lines
from tests.reports.sample import sample_report


def find_row(sheet: Worksheet, column: int, value: object) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, column).value == value:
            return row
    raise AssertionError(f"{value!r} not found in column {column}")


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> Worksheet:
    target = tmp_path_factory.mktemp("xlsx") / "показатели.xlsx"
    render_xlsx(sample_report(120), target)
    return load_workbook(target)["Отчёт"]


def test_title_rows_and_approval(sheet: Worksheet) -> None:
    values = [sheet.cell(row, column).value for row in range(1, 10) for column in range(1, 10)]
    assert "УТВЕРЖДАЮ" in values and "______________ А. А. Смирнов" in values
    title = find_row(sheet, 1, "Отчёт о достижении ключевых показателей программы «Дети в семье»")
    assert sheet.cell(title, 1).font.b
    assert f"A{title}:I{title}" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet.cell(title + 1, 1).value == "за I полугодие 2026 г."


def test_header_cells_are_merged_as_in_the_pdf(sheet: Worksheet) -> None:
    top = find_row(sheet, 1, "№ п/п")
    merged = {str(merged) for merged in sheet.merged_cells.ranges}
    assert {f"A{top}:A{top + 1}", f"B{top}:B{top + 1}", f"E{top}:G{top}", f"H{top}:I{top}"} <= merged
    assert [sheet.cell(top + 1, column).value for column in range(5, 10)] == [
        "план",
        "факт",
        "исполнено, %",
        "абс.",
        "дата оценки",
    ]
    assert sheet.cell(top, 5).alignment.wrap_text
    assert sheet.cell(top, 1).border.left.style == "thin"


def test_values_are_real_numbers_and_dates_with_formats(sheet: Worksheet) -> None:
    first = find_row(sheet, 1, "1.")
    row = [sheet.cell(first, column) for column in range(1, 10)]
    assert row[1].value.startswith("Численность детей")
    assert row[3].value == 901 and row[3].number_format == "#,##0"
    assert row[4].value == pytest.approx(1007.3) and row[4].number_format == "#,##0.0"
    assert row[5].value == pytest.approx(946.8), "rounded as printed, so Excel's sums match the paper"
    assert row[6].value == pytest.approx(0.94) and row[6].number_format == '0.0"\u00a0"%'
    assert row[8].value == datetime(2026, 7, 2) and row[8].is_date and row[8].number_format == "DD.MM.YYYY"
    assert row[3].alignment.horizontal == "right" and row[0].alignment.horizontal == "center"
    assert row[1].alignment.wrap_text


def test_group_heading_spans_the_table_and_totals_are_bold(sheet: Worksheet) -> None:
    group = find_row(sheet, 1, "Раздел 1. Профилактика социального сиротства")
    assert f"A{group}:I{group}" in {str(merged) for merged in sheet.merged_cells.ranges}
    total = find_row(sheet, 2, "Итого")
    assert sheet.cell(total, 2).font.b and sheet.cell(total, 4).font.b
    assert sheet.cell(total, 4).value == 123456
    assert sheet.cell(total, 7).value == "—"


def test_frozen_header_and_print_setup(sheet: Worksheet) -> None:
    top = find_row(sheet, 1, "№ п/п")
    assert sheet.freeze_panes == f"A{top + 2}"
    assert sheet.print_title_rows == f"${top}:${top + 1}"
    setup = sheet.page_setup
    assert setup.paperSize == 9 and setup.orientation == "landscape"
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddFooter.right.text == "стр. &P из &N"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHI"]
    assert widths[1] > 3 * widths[0], "the name column is the widest, as its weight says"


def test_notes_and_signatures_under_the_table(sheet: Worksheet) -> None:
    total = find_row(sheet, 2, "Итого")
    note = find_row(sheet, 1, "Показатели со знаком «—» за период не рассчитываются.")
    signer = find_row(sheet, 1, "Начальник отдела опеки и попечительства")
    assert total < note < signer
    texts = {sheet.cell(signer, column).value for column in range(1, 10)}
    assert {"Е. В. Петрова", "03.07.2026"} <= texts
    captions = {sheet.cell(signer + 1, column).value for column in range(1, 10)}
    assert {"(подпись)", "(расшифровка подписи)", "(дата)"} <= captions


def test_charts_go_on_their_own_sheet_with_their_data() -> None:
    workbook = load_workbook(io.BytesIO(xlsx_bytes(sample_report(3))))
    assert workbook.sheetnames == ["Отчёт", "Диаграммы"]
    charts = workbook["Диаграммы"]
    assert charts["A1"].value == "План и факт по ключевым показателям"
    assert [charts.cell(2, column).value for column in (2, 3)] == ["План", "Факт"]
    assert charts.cell(5, 1).value == "Возвраты детей" and charts.cell(5, 3).value is None


def district_report(names: list[str]) -> Report:
    columns = (Column(3), Column(), Column())
    header = ((HeaderCell("Показатель"), HeaderCell("План"), HeaderCell("Факт, %")),)
    sections = tuple(
        Section(
            title=name,
            table=Table(columns, header, (Row.of("Дети в семьях", decimal(10.0 + number, 1), percent(50.0)),)),
        )
        for number, name in enumerate(names)
    )
    return Report(
        "Сводный отчёт",
        sections,
        split_sections=True,
        signatures=(Signature("Координатор", "И. И. Иванов", date(2026, 7, 10)),),
    )


def test_a_sheet_per_district_when_split() -> None:
    names = ["Плесецкий муниципальный округ", "Онежский муниципальный район", "г. Архангельск"]
    workbook = load_workbook(io.BytesIO(xlsx_bytes(district_report(names))))
    assert workbook.sheetnames == ["Плесецкий муниципальный округ", "Онежский муниципальный район", "г. Архангельск"]
    for number, name in enumerate(names):
        sheet = workbook[name]
        assert find_row(sheet, 1, name) > find_row(sheet, 1, "Сводный отчёт")
        assert sheet.cell(find_row(sheet, 1, "Дети в семьях"), 2).value == 10.0 + number
        assert sheet.freeze_panes is not None and sheet.print_title_rows is not None
        assert sheet.page_setup.orientation == "portrait"
    # Three columns are too few for the four parts of a signature line: it becomes one line of text.
    signature = "Координатор ______________ И. И. Иванов 10.07.2026"
    assert find_row(workbook["г. Архангельск"], 1, signature), "signatures end the last sheet"
    with pytest.raises(AssertionError):
        find_row(workbook["Плесецкий муниципальный округ"], 1, signature)


def test_sheet_names_are_ones_excel_accepts() -> None:
    names = sheet_names(
        [
            "Муниципальное образование «Город Архангельск»: сводные данные",
            "Муниципальное образование «Город Архангельск»: сводные данные",
            "Отчёт [1/2]*?",
            "",
            "history",
            "'Кавычки'",
        ]
    )
    assert all(len(name) <= 31 for name in names)
    assert len({name.casefold() for name in names}) == len(names)
    assert names[0] == "Муниципальное образование «Горо"
    assert names[1].endswith(" (2)")
    assert names[2] == "Отчёт 1 2"
    assert names[3] == "Раздел 4"
    assert names[4] == "history (2)"
    assert names[5] == "Кавычки"


def test_formula_like_text_stays_text_and_control_characters_go() -> None:
    table = Table((Column(),), (), (Row.of("=СУММ(A1:A2)"), Row.of("строка\x0bиз Word")))
    sheet = load_workbook(io.BytesIO(xlsx_bytes(Report("Отчёт", (Section(table=table),))))).active
    formula = find_row(sheet, 1, "=СУММ(A1:A2)")
    assert sheet.cell(formula, 1).data_type == "s"
    assert sheet.cell(formula + 1, 1).value == "строка из Word"


def test_cancelling_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "отчёт.xlsx"
    with pytest.raises(Cancelled):
        render_xlsx(sample_report(200), target, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_the_end() -> None:
    calls: list[tuple[int, int]] = []
    xlsx_bytes(sample_report(50), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1] and len(calls) > 10


def test_a_long_cell_gets_a_taller_row_and_a_short_one_keeps_the_default() -> None:
    report = sample_report(5, long_cell="Семья проживает в частном доме с печным отоплением. " * 40)
    sheet = load_workbook(io.BytesIO(xlsx_bytes(report)))["Отчёт"]
    long_row = find_row(sheet, 1, "3а.")
    short_row = find_row(sheet, 1, "1.")
    assert sheet.cell(long_row, 2).alignment.wrap_text
    assert sheet.row_dimensions[long_row].height > 5 * sheet.row_dimensions[short_row].height
    assert sheet.row_dimensions[find_row(sheet, 2, "Итого")].height is None


def test_line_estimate_wraps_at_word_ends() -> None:
    assert text_lines("", 10, 10) == 1
    assert text_lines("один\nдва", 10, 10) == 2
    assert text_lines("слово " * 10, 13, 10) == 5, "16 letters a line hold two five-letter words, not three"
    assert text_lines("ж" * 100, 10, 10) == 8, "a word longer than the line breaks where it must"
