"""`opeka report form --district '*'` at the region: the form in its own layout with the districts' totals, the
stacked table with a district column, the districts' free text and the completeness of each district."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.reports.builders.dispatch import build_report
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.pdf import pdf_bytes
from desktop_app.reports.xlsx import xlsx_bytes
from tests.exchange.test_end_to_end import REGION, Installation
from tests.services.test_form_consolidation import (
    HEAD,
    JULY,
    MONTHLY,
    MONTHLY_ANSWERS,
    ONEGA,
    PLESETSK,
    SILENT,
    VELSK,
    store_answers,
)


def consolidated(tmp_path: Path):  # type: ignore[no-untyped-def]
    region = Installation(tmp_path / "region", REGION)
    store_answers(region, MONTHLY, JULY, MONTHLY_ANSWERS)
    sources = ReportSources.open(region.db, region.paths)
    return build_report(sources, HEAD, ReportRequest(ReportKind.FORM, JULY, ALL_DISTRICTS, MONTHLY))


def test_the_pdf_shows_the_totals_in_the_forms_layout(tmp_path: Path) -> None:
    report = consolidated(tmp_path)
    reader = PdfReader(io.BytesIO(pdf_bytes(report)))
    text = " ".join(" ".join((page.extract_text() or "").replace("\xa0", " ").split()) for page in reader.pages)
    assert "Итого по МО" in text
    assert f"чел. {3 + 6}" in text, "1.2 in people: 3 + 6"
    assert "да — 2 МО из 3" in text
    assert "2 случая: нет свободных семей" in text and "Мало кандидатов" in text
    assert "Не прислали ответов:" in text and SILENT in text


def test_the_workbook_keeps_totals_as_numbers_and_stacks_the_table_with_a_district_column(tmp_path: Path) -> None:
    report = consolidated(tmp_path)
    book = load_workbook(io.BytesIO(xlsx_bytes(report)))
    cells = [[cell.value for cell in row] for sheet in book.worksheets for row in sheet.iter_rows()]
    by_number: dict[object, list[object]] = {}
    for row in cells:  # the questionnaire comes first; the appendix repeats a number beside each district's text
        if row and row[0] in ("1.1", "1.2", "2.6"):
            by_number.setdefault(row[0], row)
    assert by_number["1.1"][2] == 4 + 7 + 1
    assert by_number["1.2"][2] == 3 + 6
    assert by_number["2.6"][2] == "да — 2 МО из 3"
    stacked = [(row[1], row[3]) for row in cells if len(row) > 3 and row[1] in (PLESETSK, VELSK, ONEGA) and row[3]]
    assert (VELSK, "Заседание МО") in stacked and (PLESETSK, "Супервизия") in stacked
    states = {row[0]: (row[1], row[2]) for row in cells if row and row[0] in (PLESETSK, VELSK, ONEGA, SILENT)}
    assert states[PLESETSK] == ("утверждена", 0)
    assert states[VELSK][0] == "представлена" and states[SILENT][0] == "не начата"
