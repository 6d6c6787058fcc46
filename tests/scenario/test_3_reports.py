"""Every kind of report the coordinator prints for the half-year, rendered to PDF and Excel and read back: the
numbers in them are the ones counted here from the story's inputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.reports.builders.dispatch import build_report, write_report
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from tests.scenario.conftest import MONTHLY_FORM, HalfYear
from tests.scenario.expected import DEADLINE, LATE, MISSING, ON_TIME, district_value, placements, region_value
from tests.scenario.inputs import DUE_IN_H1, H1, HALF_YEAR, INDICATORS, JUNE, ONEGA, PLESETSK, VELSK
from tests.scenario.reading import close_to, numbers_in, pdf_text, row_numbers, row_starting, xlsx_rows


def rendered(half_year: HalfYear, folder: Path, request: ReportRequest, name: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    """The report as the coordinator makes it at the region: PDF text and workbook rows."""
    region = half_year.region
    report = build_report(region.report_sources(), half_year.coordinator, request)
    pdf = write_report(report, folder / f"{name}.pdf", "pdf")
    xlsx = write_report(report, folder / f"{name}.xlsx", "xlsx")
    return pdf_text(pdf), xlsx_rows(xlsx)


def shares_or_counts(expected: float, found: list[float]) -> bool:
    """A share may be written as 75 (with «%») or as 0.75 in a percent-formatted cell."""
    return close_to(expected, found) or close_to(expected / 100, found, places=4)


@pytest.fixture(scope="module")
def consolidated(half_year: HalfYear, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:  # type: ignore[type-arg]
    request = ReportRequest(ReportKind.CONSOLIDATED, H1)
    return rendered(half_year, tmp_path_factory.mktemp("consolidated"), request, "consolidated")


def test_the_consolidated_report_totals_the_region_by_the_rules(consolidated: tuple[str, dict]) -> None:  # type: ignore[type-arg]
    text, sheets = consolidated
    totals: list[float] = []
    for rows in sheets.values():
        for row in rows:
            if any(cell == "Всего по региону" for cell in row):
                totals.extend(row_numbers(row))
    for code in INDICATORS:
        assert shares_or_counts(region_value(code), totals), f"{code}: {region_value(code)} not in {totals}"
    # in the PDF's text each cell of the total row stands on a line of its own after «Всего по региону»
    found: list[float] = []
    lines = text.splitlines()
    for start in (n for n, line in enumerate(lines) if line.strip() == "Всего по региону"):
        for line in lines[start + 1 :]:
            if not re.fullmatch(r"[\d\s.,%\u00a0\u202f—-]+", line.strip()):
                break
            found.extend(numbers_in(line))
    for code in INDICATORS:
        assert close_to(region_value(code), found), f"PDF, {code}: {region_value(code)} not in {found}"


def test_the_consolidated_report_shows_each_districts_values_and_state(consolidated: tuple[str, dict]) -> None:  # type: ignore[type-arg]
    _, sheets = consolidated
    states = {
        **dict.fromkeys(ON_TIME, "вовремя"),
        **dict.fromkeys(LATE, "с опозданием"),
        **dict.fromkeys(MISSING, "нет пакета"),
    }
    group_one = next(
        rows
        for name, rows in sheets.items()
        if any("Всего по региону" in map(str, row) for row in rows)
        and any("1.2" in str(cell) for row in rows for cell in row)
    )
    for district, state in states.items():
        row = next(row for row in group_one if district in row)
        assert state in row, district
        numbers = row_numbers(row)[1:]  # after the row's number
        if district == ONEGA:
            assert numbers == [], "a district that sent nothing shows «—», never a zero"
            continue
        for code in ("1.1", "1.2", "1.3", "1.4"):
            assert shares_or_counts(district_value(district, code), numbers), (district, code, numbers)
    assert any(f"{DEADLINE:%d.%m.%Y}" in str(cell) for rows in sheets.values() for row in rows for cell in row)


@pytest.mark.parametrize("district", [PLESETSK, VELSK])
def test_the_indicator_report_of_a_district_shows_fact_and_deviation(
    half_year: HalfYear, tmp_path: Path, district: str
) -> None:
    text, sheets = rendered(half_year, tmp_path, ReportRequest(ReportKind.INDICATORS, H1, district), "indicators")
    rows = [row for sheet in sheets.values() for row in sheet]
    for code, (_kind, _cumulative, plan, _h2) in INDICATORS.items():
        plan = 3.0 if (district, code) == (ONEGA, "2.1") else plan
        numbers = row_numbers(row_starting(rows, code))
        fact = district_value(district, code)
        assert shares_or_counts(fact, numbers), (code, fact, numbers)
        assert close_to(fact - plan, numbers) or close_to((fact - plan) / 100, numbers, 4), (code, numbers)
    assert all(close_to(district_value(district, code), numbers_in(text)) for code in INDICATORS)


@pytest.mark.parametrize("district", [PLESETSK, VELSK])
def test_the_roadmap_report_counts_due_done_and_approved(half_year: HalfYear, tmp_path: Path, district: str) -> None:
    text, _ = rendered(half_year, tmp_path, ReportRequest(ReportKind.MEASURES, H1, district), "measures")
    reports = HALF_YEAR[district].reports
    done = sum(report.status in ("done", "partially_done") for report in reports.values())
    flat = " ".join(text.split())
    assert f"Мероприятий со сроком в периоде: {len(DUE_IN_H1)}; исполнено полностью или частично: {done}." in flat
    assert f"утверждены руководителем: {len(reports)} из {len(reports)} представленных" in flat
    assert f"{DEADLINE:%d.%m.%Y}" in flat
    for report in reports.values():
        if report.document:
            assert report.document in flat


def test_the_family_report_counts_the_half_years_placements(half_year: HalfYear, tmp_path: Path) -> None:
    text, sheets = rendered(half_year, tmp_path, ReportRequest(ReportKind.FAMILIES, H1, PLESETSK), "families")
    started, returned, ongoing = placements(PLESETSK)
    rows = [row for sheet in sheets.values() for row in sheet]
    numbers = row_numbers(row_starting(rows, H1.label)[1:])
    # started: total, by the three legal forms; ended: total, by outcome (returned first); placed at the end
    assert numbers[0] == started and numbers[4] == returned and numbers[5] == returned and numbers[-1] == ongoing
    families = HALF_YEAR[PLESETSK].families
    ready = sum(family.steps[-1][0] == "in_register" for family in families)
    assert f"семей: {len(families)}, готовы принять детей: {ready}" in " ".join(text.split())


def test_the_form_report_prints_the_districts_june_answers(half_year: HalfYear, tmp_path: Path) -> None:
    request = ReportRequest(ReportKind.FORM, JUNE, PLESETSK, form_id=MONTHLY_FORM)
    text, sheets = rendered(half_year, tmp_path, request, "form")
    flat = " ".join(text.split())
    answers = HALF_YEAR[PLESETSK].monthly
    assert str(answers["3.2"]) in flat
    rows = [row for sheet in sheets.values() for row in sheet]
    for question in ("1.2", "1.3"):
        assert close_to(float(answers[question]), row_numbers(row_starting(rows, question)[2:])), question
