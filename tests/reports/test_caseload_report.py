"""The caseload report (`opeka report cases`): the numbers counted by hand from tests/cases/figures_world.py, the
same in the PDF and the workbook; the region's report names districts, never people."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.core.paths import DataPaths
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind, Role
from desktop_app.reports.builders.dispatch import build_report, write_report
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.models import FamilyCase
from tests.cases.figures_world import DISTRICT, IVANOVA, PETROV, World, d, make_world
from tests.conftest import make_actor

H1 = Period.parse("2026-H1")
H2 = Period.parse("2026-H2")
HEAD = make_actor(Role.HEAD)
# columns after the name: at start, taken, closed, 8 outcomes (overcome, returned, family placement, institution,
# rights deprived, moved, refused, other), at end, overdue
NO_OUTCOMES = [0] * 8


def outcomes(**found: int) -> list[int]:
    order = ["overcome", "returned", "family_placement", "institution", "rights_deprived", "moved", "refused", "other"]
    return [found.get(name, 0) for name in order]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = make_world(tmp_path / "data")
    yield made
    made.db.close()


def workbook_rows(path: Path) -> dict[str, dict[str, list[object]]]:
    """Sheet → the row's label (second column) → the numbers after it."""
    found: dict[str, dict[str, list[object]]] = {}
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows(values_only=True):
            if len(row) > 2 and isinstance(row[1], str) and all(isinstance(v, int) for v in row[2:15]):
                found.setdefault(sheet.title, {})[row[1]] = list(row[2:15])
    return found


def make(world: World, period: Period, today: date, tmp_path: Path, file_format: str) -> Path:
    sources = ReportSources.open(world.db, world.paths, today)
    report = build_report(sources, HEAD, ReportRequest(ReportKind.CASES, period))
    return write_report(report, tmp_path / f"нагрузка.{file_format}", file_format)


def test_the_first_half_years_caseload_per_curator_and_category(world: World, tmp_path: Path) -> None:
    rows = workbook_rows(make(world, H1, date(2026, 7, 10), tmp_path, "xlsx"))
    # Иванова: F1 (10.02) and F2 (15.01) taken, both open on 30.06; F1's review is due 01.12 — not late
    ivanova = [0, 2, 0, *NO_OUTCOMES, 2, 0]
    # Петров: F3 (01.03) and F4 (01.04) taken; F4 closed 30.06, moved away
    petrov = [0, 2, 1, *outcomes(moved=1), 1, 0]
    assert rows["Кураторы"] == {
        IVANOVA: ivanova,
        PETROV: petrov,
        "Итого": [a + b for a, b in zip(ivanova, petrov, strict=True)],
    }
    categories = rows["Категории"]
    assert categories["ребёнок помещён в организацию"] == [0, 1, 0, *NO_OUTCOMES, 1, 0]  # F3
    assert categories["СОП — социально опасное положение"] == [0, 2, 1, *outcomes(moved=1), 1, 0]  # F1, F4
    assert categories["ТЖС — трудная жизненная ситуация"] == [0, 1, 0, *NO_OUTCOMES, 1, 0]  # F2
    assert categories["Итого"] == [0, 4, 1, *outcomes(moved=1), 3, 0]


def test_the_second_half_year_carries_the_open_cases_over_and_marks_late_reviews(world: World, tmp_path: Path) -> None:
    rows = workbook_rows(make(world, H2, date(2027, 1, 20), tmp_path, "xlsx"))
    # Иванова: F1 and F2 open on 30.06 (2 at start), F5 taken 01.11, F2 closed 30.09 overcome; F1's review
    # (01.12.2026) passed before 31.12, F5's (01.03.2027) not
    ivanova = [2, 1, 1, *outcomes(overcome=1), 2 + 1 - 1, 1]
    # Петров: F3 at start (F4 closed on 30.06 is gone), closed 31.08 with the child returned
    petrov = [1, 0, 1, *outcomes(returned=1), 1 + 0 - 1, 0]
    assert rows["Кураторы"][IVANOVA] == ivanova
    assert rows["Кураторы"][PETROV] == petrov
    assert rows["Категории"]["Итого"] == [3, 1, 2, *outcomes(overcome=1, returned=1), 2, 1]


def test_the_pdf_prints_the_same_numbers(world: World, tmp_path: Path) -> None:
    path = make(world, H2, date(2027, 1, 20), tmp_path, "pdf")
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    flat = " ".join(text.split())
    assert "Нагрузка по сопровождению семей" in flat
    assert "за II полугодие 2026" in flat
    assert IVANOVA.split()[0] in flat and PETROV.split()[0] in flat
    assert "Итого 3 1 2 1 1 0 0 0 0 0 0 2 1" in flat  # the categories' total line, as in the workbook


def test_the_region_reports_per_district_without_names(tmp_path: Path) -> None:
    region = SetupRequest(
        kind=InstallationKind.REGION,
        region_code="29",
        district_name="",
        organisation_name="Министерство труда, занятости и социального развития Архангельской области",
        admin_login="coordinator",
        admin_full_name="Сидоров Иван Петрович",
        admin_password="region-2025",
    )
    paths = DataPaths(tmp_path / "region")
    db = create_installation(paths, region)
    try:
        with db.transaction() as s:
            for code, district, identified, closed in [
                ("ПЛ-0001", DISTRICT, "10.02.2026", None),
                ("ПЛ-0002", DISTRICT, "15.03.2026", "20.05.2026"),
                ("КТ-0001", "Котласский муниципальный округ", "01.04.2026", None),
            ]:
                s.add(
                    FamilyCase(
                        code=code,
                        display_name="",
                        municipality=district,
                        category="sop",
                        identified_on=d(identified),
                        closed_on=d(closed) if closed else None,
                        outcome="overcome" if closed else "",
                        curator=IVANOVA,  # should a name ever arrive, the region's report does not print it
                    )
                )
        sources = ReportSources.open(db, paths, date(2026, 7, 10))
        report = build_report(sources, make_actor(Role.COORDINATOR), ReportRequest(ReportKind.CASES, H1))
        path = write_report(report, tmp_path / "регион.xlsx", "xlsx")
    finally:
        db.close()
    rows = workbook_rows(path)
    assert rows["Округа"] == {
        "Котласский муниципальный округ": [0, 1, 0, *NO_OUTCOMES, 1, 0],
        DISTRICT: [0, 2, 1, *outcomes(overcome=1), 2 - 1, 0],
        "Итого": [0, 3, 1, *outcomes(overcome=1), 2, 0],
    }
    cells = " ".join(
        str(c) for sheet in load_workbook(path).worksheets for r in sheet.iter_rows(values_only=True) for c in r
    )
    assert "Иванова" not in cells
