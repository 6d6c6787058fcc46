"""The family register report for a past period shows that period's end: the stages the families had then,
only the families known then, the children placed then; its placement statistics start with the first
family, and its chart counts children in whole numbers."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.periods import Period
from desktop_app.reports.builders.families import families_report
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Report, RowStyle, Table
from desktop_app.reports.pdf import pdf_bytes
from desktop_app.reports.xlsx import xlsx_bytes
from desktop_app.storage.database import Database

# The demo district's families (resources/demo/demo_data.json):
#   РС-0001 candidate 03.02.2025 … in the register 20.06.2025, takes a child 01.07.2025 (ended 25.08.2025)
#           and another 15.09.2025 (still placed);
#   РС-0002 candidate 06.10.2025, documents 10.11.2025, ШПР 01.12.2025, diagnostics 16.02.2026,
#           in the register 10.03.2026;
#   РС-0003 candidate 12.05.2026 …;  РС-0004 candidate 05.10.2026.
H1_2025 = Period.parse("2025-H1")
H2_2025 = Period.parse("2025-H2")


@pytest.fixture
def sources(demo_db: Database, demo_paths: DataPaths) -> ReportSources:
    return ReportSources.open(demo_db, demo_paths)


def report_for(sources: ReportSources, actor: Actor, period: Period) -> Report:
    return families_report(sources, actor, ReportRequest(ReportKind.FAMILIES, period))


def register_rows(table: Table) -> dict[str, list[object]]:
    return {
        str(row.cells[1].value): [cell.value for cell in row.cells]
        for row in table.rows
        if row.style is RowStyle.NORMAL
    }


def test_a_past_period_shows_the_stage_each_family_had_at_its_end(sources: ReportSources, demo_actor: Actor) -> None:
    register, _placements = report_for(sources, demo_actor, H2_2025).tables
    rows = register_rows(register)
    assert sorted(rows) == ["РС-0001", "РС-0002"], "the families that came in 2026 were not known yet"
    # РС-0002 was in the register from 10.03.2026; on 31.12.2025 it was being trained at ШПР (since 01.12.2025)
    assert rows["РС-0002"][4] == FamilyStage.TRAINING.label
    assert rows["РС-0002"][5] == date(2025, 12, 1)
    assert rows["РС-0001"][4] == FamilyStage.ACTIVE.label
    assert rows["РС-0001"][7] == 1, "one child placed on 15.09.2025, the first went home on 25.08.2025"
    assert "Этап на 31.12.2025" in [cell.text for cell in register.header[0]]


def test_the_register_at_the_end_of_the_first_half_year_has_one_family_not_yet_taking_children(
    sources: ReportSources, demo_actor: Actor
) -> None:
    register, _placements = report_for(sources, demo_actor, H1_2025).tables
    rows = register_rows(register)
    assert list(rows) == ["РС-0001"]
    code, stage, since, capacity, placed = rows["РС-0001"][1], *rows["РС-0001"][4:8]
    assert (code, stage, since, placed) == ("РС-0001", FamilyStage.IN_REGISTER.label, date(2025, 6, 20), 0)
    assert isinstance(capacity, int)
    total = register.rows[-1]
    assert total.cells[2].value == "семей: 1, готовы принять детей: 1"
    assert total.cells[8].value == capacity, "all its places were free on 30.06.2025"


def test_placement_statistics_begin_with_the_period_of_the_first_family(
    sources: ReportSources, demo_actor: Actor
) -> None:
    _register, placements = report_for(sources, demo_actor, H2_2025).tables
    # four periods are asked for (I 2024 … II 2025); the first family appeared on 03.02.2025
    assert [row.cells[0].value for row in placements.rows] == ["I полугодие 2025 г.", "II полугодие 2025 г."]
    first, second = placements.rows
    assert [first.cells[1].value, first.cells[5].value, first.cells[-1].value] == [0, 0, 0]
    assert [second.cells[1].value, second.cells[5].value, second.cells[-1].value] == [2, 1, 1]
    _register, placements = report_for(sources, demo_actor, H1_2025).tables
    assert [row.cells[0].value for row in placements.rows] == ["I полугодие 2025 г."]


def test_the_placements_chart_has_whole_number_ticks(sources: ReportSources, demo_actor: Actor) -> None:
    report = report_for(sources, demo_actor, H2_2025)
    reader = PdfReader(io.BytesIO(pdf_bytes(report)))
    chart_page = next(
        page.extract_text() for page in reader.pages if "Размещения детей по периодам" in page.extract_text()
    )
    assert not re.search(r"(?<![\d,])\d+,\d(?!\d)", chart_page), chart_page
    workbook = load_workbook(io.BytesIO(xlsx_bytes(report)))
    [chart] = workbook["Диаграммы"]._charts
    # the counts are 0, 1 and 2: one child per tick, no halves
    assert chart.y_axis.majorUnit == 1
    assert chart.y_axis.number_format.formatCode == "0"


def test_stage_on_a_day_is_the_last_step_taken_by_then() -> None:
    from desktop_app.domain.family_pipeline import stage_on  # the rule the register reads a past day by

    steps = [(FamilyStage.CANDIDATE, date(2025, 1, 10)), (FamilyStage.DOCUMENTS, date(2025, 2, 1))]
    assert stage_on(steps, date(2025, 1, 9)) is None
    assert stage_on(steps, date(2025, 1, 31)) == (FamilyStage.CANDIDATE, date(2025, 1, 10))
    assert stage_on(steps, date(2025, 2, 1)) == (FamilyStage.DOCUMENTS, date(2025, 2, 1))
