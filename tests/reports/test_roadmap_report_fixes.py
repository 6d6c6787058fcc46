"""The roadmap report and the registry workbook for a plan imported without indicators: the approved deadline of
each measure, «не требуется» for a measure not due in the period (as the measures screen says), the head's
approval of each report, and indicator reports that say the program has no indicators."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError
from desktop_app.domain.execution import ReportInput
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.exports.registry_xlsx import FIRST_DATA_ROW, MEASURE_COLUMNS, write_registry_xlsx
from desktop_app.plan_import import read_plan_file
from desktop_app.reports.builders.dispatch import build_report
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Report, RowStyle
from desktop_app.reports.pdf import pdf_bytes
from desktop_app.reports.xlsx import xlsx_bytes
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.execution import ExecutionService
from desktop_app.services.measure_list import MeasureFilter
from desktop_app.services.plan_import import ImportOptions, apply_plan_import
from desktop_app.services.registry import RegistryService
from desktop_app.services.registry_export import registry_export
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.plan_import.small_plan import TITLE, write_small_plan

H1 = Period.parse("2026-H1")
TODAY = date(2026, 11, 23)
SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
HEAD = make_actor(Role.HEAD, "head")
# The small plan's measures and their deadlines as approved (tests/plan_import/small_plan.py).
MEETINGS = "Заседания комиссии по вопросам профилактики"
TRAINING = "Обучение специалистов"
DEADLINES = {
    MEETINGS: "ежеквартально",
    TRAINING: "до 1 октября 2025 года",  # one date, in 2025: nothing to report for I полугодие 2026 г.
    "Мониторинг семей группы риска": "ежемесячно",
    "Публикации в СМИ": "в течение всего срока",
}
APPROVED_AT = datetime(2026, 7, 10, 12, 0, tzinfo=UTC)


def pdf_text(report: Report) -> str:
    reader = PdfReader(io.BytesIO(pdf_bytes(report)))
    return " ".join(" ".join((page.extract_text() or "").replace("\xa0", " ").split()) for page in reader.pages)


@pytest.fixture
def plan_id(demo_db: Database, tmp_path: Path) -> str:
    """The small plan imported as `opeka import-plan` does: measures only, no indicators."""
    plan = read_plan_file(write_small_plan(tmp_path / "план.docx"))
    options = ImportOptions(period_start=date(2025, 1, 1), period_end=date(2026, 12, 31))
    return apply_plan_import(demo_db, SYSTEM_ACTOR, plan, options).program_id


@pytest.fixture
def approved_meetings(demo_db: Database, demo_paths: DataPaths, plan_id: str) -> str:
    """The meetings reported for I полугодие 2026 г. and approved by the head on 10.07.2026."""
    [row] = RegistryService(demo_db).measures(SPECIALIST, filters=MeasureFilter(program_id=plan_id, search="Заседания"))
    store = AttachmentStore(demo_paths.attachments)
    ExecutionService(demo_db, store, lambda: datetime(2026, 7, 1, 9, 0, tzinfo=UTC)).save_report(
        SPECIALIST, row.id, H1, ReportInput("done", "Проведено 2 заседания", 2), 0
    )
    ExecutionService(demo_db, store, lambda: APPROVED_AT).approve_period(HEAD, plan_id, H1)
    return row.id


@pytest.fixture
def sources(demo_db: Database, demo_paths: DataPaths) -> ReportSources:
    return ReportSources.open(demo_db, demo_paths, today=TODAY)


def roadmap(sources: ReportSources, plan_id: str) -> Report:
    return build_report(sources, SPECIALIST, ReportRequest(ReportKind.MEASURES, H1, program_id=plan_id))


def measure_rows(report: Report) -> dict[str, tuple[object, ...]]:
    [table] = report.tables
    rows = [row for row in table.rows if row.style is RowStyle.NORMAL]
    return {one_line(row.cells[1].value): tuple(cell.value for cell in row.cells) for row in rows}


def one_line(name: object) -> str:
    """A measure's name with the line breaks of its plan cell as spaces."""
    return " ".join(str(name).split())


def test_roadmap_report_builds_for_a_program_without_indicators(sources: ReportSources, plan_id: str) -> None:
    report = roadmap(sources, plan_id)
    assert TITLE in report.title
    assert set(measure_rows(report)) == set(DEADLINES)


def test_deadline_column_is_the_measures_approved_deadline(sources: ReportSources, plan_id: str) -> None:
    report = roadmap(sources, plan_id)
    rows = measure_rows(report)
    assert {name: cells[2] for name, cells in rows.items()} == DEADLINES
    sheet = load_workbook(io.BytesIO(xlsx_bytes(report))).worksheets[0]
    printed = {one_line(row[1]): row[2] for row in sheet.iter_rows(values_only=True) if one_line(row[1]) in DEADLINES}
    assert printed == DEADLINES
    assert "до 1 октября 2025 года" in pdf_text(report)


def test_a_measure_not_due_in_the_period_is_not_required(sources: ReportSources, plan_id: str) -> None:
    rows = measure_rows(roadmap(sources, plan_id))
    assert rows[TRAINING][4] == "не требуется"
    # the others were due in I полугодие 2026 г. (by 03.07.2026) and on 23.11.2026 still have no report
    assert {cells[4] for name, cells in rows.items() if name != TRAINING} == {"просрочен: отчёта нет"}


def test_the_heads_approval_of_each_report_is_shown(
    sources: ReportSources, plan_id: str, approved_meetings: str
) -> None:
    report = roadmap(sources, plan_id)
    rows = measure_rows(report)
    approval = f"{HEAD.full_name}, 10.07.2026"
    assert rows[MEETINGS][4] == "выполнено" and rows[MEETINGS][8] == approval
    assert rows[TRAINING][8] == ""
    assert approval in pdf_text(report)
    sheet = load_workbook(io.BytesIO(xlsx_bytes(report))).worksheets[0]
    assert any(approval in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    notes = report.sections[0].notes
    assert any("утверждены руководителем: 1 из 1" in note for note in notes)


def test_indicator_reports_say_the_program_has_no_indicators(sources: ReportSources, plan_id: str) -> None:
    for kind in (ReportKind.INDICATORS,):
        with pytest.raises(UserError) as raised:
            build_report(sources, SPECIALIST, ReportRequest(kind, H1, program_id=plan_id))
        message = raised.value.message
        assert f"«{TITLE}»" in message and "нет показателей" in message
        assert "нет программы" not in message


def test_registry_workbook_says_not_required_and_keeps_the_approved_deadline(
    demo_db: Database, plan_id: str, approved_meetings: str, tmp_path: Path
) -> None:
    export = registry_export(demo_db, SPECIALIST, MeasureFilter(program_id=plan_id, period=H1), TODAY)
    target = write_registry_xlsx(export, tmp_path / "реестр.xlsx")
    sheet = load_workbook(target).active
    status = len(MEASURE_COLUMNS) + 2
    rows = {
        one_line(sheet.cell(r, 2).value): [sheet.cell(r, c).value for c in range(1, status + 7)]
        for r in range(FIRST_DATA_ROW, sheet.max_row + 1)
    }
    assert {name: values[2] for name, values in rows.items()} == DEADLINES
    assert rows[TRAINING][status - 1] == "не требуется"
    assert rows["Публикации в СМИ"][status - 1] == "просрочен: отчёта нет"  # due by 03.07.2026
    assert rows[MEETINGS][status - 1] == "выполнено"
    assert rows[MEETINGS][status + 4] == f"{HEAD.full_name}, 10.07.2026"


def test_demo_programs_roadmap_has_approved_deadlines_not_required_and_approvals(
    demo_db: Database, demo_paths: DataPaths, sources: ReportSources
) -> None:
    """The same three on the demo program, which has indicators too (so it was found before the fixes)."""
    from sqlalchemy import select

    from desktop_app.storage.models import Measure

    with demo_db.reading() as session:
        deadlines = {
            one_line(name): text for name, text in session.execute(select(Measure.name, Measure.deadline_text))
        }
    program_id = RegistryService(demo_db).program_tree(SPECIALIST)[0].id
    ExecutionService(demo_db, AttachmentStore(demo_paths.attachments), lambda: APPROVED_AT).approve_period(
        HEAD, program_id, H1
    )
    rows = measure_rows(roadmap(sources, program_id))
    assert {name: cells[2] for name, cells in rows.items()} == {name: deadlines[name] for name in rows}
    # «до 1 октября 2025 года»: one date, before I полугодие 2026 г.
    one_off = next(name for name in rows if deadlines[name] == "до 1 октября 2025 года")
    assert rows[one_off][4] == "не требуется"
    approved = [cells for cells in rows.values() if cells[8]]
    assert approved and all(cells[8] == f"{HEAD.full_name}, 10.07.2026" for cells in approved)
