"""A percentage prints as a percentage in every output: «%» as its unit, «76,9 %» as its value, the same text
in the PDF, in the workbook (a number shown through a number format) and on the printed form."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.domain.periods import Period
from desktop_app.form_templates.writer import write_template
from desktop_app.formkit import load_catalogue
from desktop_app.formkit.definition import IndicatorInfo
from desktop_app.reports.builders.dispatch import build_report
from desktop_app.reports.builders.indicators import indicators_report
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Report
from desktop_app.reports.pdf import pdf_bytes
from desktop_app.reports.xlsx import xlsx_bytes
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from desktop_app.storage.database import Database

H1_2026 = Period.parse("2026-H1")
TODAY = date(2026, 7, 2)  # the half-year is being reported, not yet locked
S = "\u00a0"
# 10 children of 13 returned to their families: 76,923… % against the plan of 75 %
SHARE = f"76,9{S}%"
PLAN = f"75,0{S}%"
SHARE_PDF, PLAN_PDF = SHARE.replace(S, " "), PLAN.replace(S, " ")


@pytest.fixture
def sources(demo_db: Database, demo_paths: DataPaths, demo_actor: Actor) -> ReportSources:
    opened = ReportSources.open(demo_db, demo_paths)
    entry = IndicatorEntry(demo_db, ComputedValues(demo_db, lambda: TODAY), lambda: TODAY)
    program_id = entry.sheets.programs(demo_actor)[0][0]
    sheet = entry.sheets.sheet(demo_actor, program_id, H1_2026, opened.own_territory)
    rows = {row.code: row for row in sheet.rows}
    changes = [
        ValueChange(rows["1.2"].indicator_id, numerator=10, denominator=13, expected_version=rows["1.2"].row_version),
        ValueChange(rows["1.1"].indicator_id, value=1234, expected_version=rows["1.1"].row_version),
    ]
    entry.save(demo_actor, program_id, H1_2026, sheet.territory, changes, reason="проверка единиц")
    return opened


def pdf_lines(report: Report) -> list[str]:
    """The PDF's text lines, one per table cell line; pypdf gives the no-break space back as a plain one."""
    reader = PdfReader(io.BytesIO(pdf_bytes(report)))
    lines = [line for page in reader.pages for line in (page.extract_text() or "").splitlines()]
    return [line.replace(S, " ").strip() for line in lines]


def in_order(needles: list[str], lines: list[str]) -> bool:
    """Each needle is a whole line, in this order, with other lines (wrapped names) allowed between them."""
    rest = iter(lines)
    return all(any(line == needle for line in rest) for needle in needles)


def test_the_indicators_report_prints_a_percentage_with_its_sign_and_unit(
    sources: ReportSources, demo_actor: Actor
) -> None:
    report = indicators_report(sources, demo_actor, ReportRequest(ReportKind.INDICATORS, H1_2026))
    [table] = report.tables
    row = next(row for row in table.rows if row.cells[0].value == "1.2")
    assert row.cells[2].value == "%", "the unit of a percentage, not the seed's «единиц»"
    lines = pdf_lines(report)
    at = lines.index("1.2")
    # the unit, the plans of the four half-years (none for the first), the fact, the deviation in points
    expected = ["%", "—", "74,0 %", PLAN_PDF, "76,0 %", SHARE_PDF, "1,9"]
    assert in_order(expected, lines[at + 1 : at + 12]), lines[at : at + 12]
    text = " ".join(lines)
    assert "76,923" not in text and "75%" not in text and "76,92" not in text
    assert "1 234" in lines, "a count is grouped and whole"


def test_the_workbook_keeps_the_number_and_shows_it_as_the_pdf_does(sources: ReportSources, demo_actor: Actor) -> None:
    report = indicators_report(sources, demo_actor, ReportRequest(ReportKind.INDICATORS, H1_2026))
    sheet = load_workbook(io.BytesIO(xlsx_bytes(report))).worksheets[0]
    row = next(r for r in sheet.iter_rows() if r[0].value == "1.2")
    assert row[2].value == "%"
    facts = [cell for cell in row if isinstance(cell.value, float) and abs(cell.value - 10 / 13) < 0.001]
    assert facts, "the fact is a number (a fraction, as a workbook keeps percentages), not text"
    [fact] = facts
    assert fact.number_format == f'0.0"{S}"%', "shown «76,9 %» with the PDF's no-break space"
    plans = [cell for cell in row if cell.value == pytest.approx(0.75)]
    assert plans and all(cell.number_format == f'0.0"{S}"%' for cell in plans)
    count = next(r for r in sheet.iter_rows() if r[0].value == "1.1")
    assert any(cell.value == 1234 and cell.number_format == "#,##0" for cell in count)


def test_the_printed_form_shows_the_fact_as_the_report_does(sources: ReportSources, demo_actor: Actor) -> None:
    request = ReportRequest(ReportKind.FORM, H1_2026, form_id="halfyear-indicators")
    report = build_report(sources, demo_actor, request)
    rows = [row for table in report.tables for row in table.rows if row.cells[0].value == "1.2"]
    [row] = rows
    assert str(row.cells[1].value).endswith(", %"), "the question carries the unit «%»"
    lines = pdf_lines(report)
    at = lines.index("1.2")
    assert in_order(["семью, %", PLAN_PDF, SHARE_PDF, "10 из 13"], lines[at + 1 : at + 8]), lines[at : at + 8]
    text = " ".join(lines)
    assert "76,92" not in text


def test_the_excel_form_template_names_the_unit_and_plan_of_a_percentage(tmp_path: Path) -> None:
    # as the catalogue came from the seed: «единиц» beside a percentage, its plan written «75%»
    info = IndicatorInfo(
        "1.2", "Удельный вес детей, возвращенных в кровную семью", "единиц", "percentage", False, "75%", 75
    )
    path = tmp_path / "form.xlsx"
    write_template(path, load_catalogue().get("halfyear-indicators"), H1_2026, "Плесецкий", indicators={"1.2": info})
    sheet = load_workbook(path).worksheets[0]
    shown = [[str(cell.value) for cell in row if cell.value is not None] for row in sheet.iter_rows()]
    first = next(n for n, row in enumerate(shown) if row[:2] == ["Код показателя", "1.2"])
    facts = {row[0]: row[1] for row in shown[first : first + 4] if len(row) > 1}
    assert facts["Единица измерения"] == "%"
    assert facts["Плановое значение"] == PLAN


def test_money_in_a_printed_form_has_two_decimals_and_keeps_a_ruble(sources: ReportSources, demo_actor: Actor) -> None:
    period = Period.parse("2025")
    state = sources.forms.state(demo_actor, "early-help-monitoring", period, sources.own_territory, with_offers=False)
    rows = [
        {"equipment": "Сенсорная комната", "funding_source": "Областной бюджет", "amount": 1234.5},
        {"equipment": "Ноутбук", "funding_source": "Муниципальный бюджет", "amount": 12.345},  # 12 345 руб.
    ]
    sources.forms.save(demo_actor, state, {"7.1-7.3": rows})
    report = build_report(sources, demo_actor, ReportRequest(ReportKind.FORM, period, form_id="early-help-monitoring"))
    lines = pdf_lines(report)
    assert "1 234,50" in lines and "12,345" in lines
    book = load_workbook(io.BytesIO(xlsx_bytes(report)))
    amounts = {
        cell.value: cell.number_format
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "n" and cell.value in (1234.5, 12.345)
    }
    assert amounts[1234.5] == "#,##0.00" and amounts[12.345] == "#,##0.000"
