"""The program's reports from real data: the demo district's measures, indicators and families, and the
region's consolidated indicators after three districts sent their bundles."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period
from desktop_app.reports.builders.consolidated import consolidated_report
from desktop_app.reports.builders.dispatch import build_report
from desktop_app.reports.builders.families import families_report
from desktop_app.reports.builders.indicators import indicators_report
from desktop_app.reports.builders.measures import measures_report
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Report, RowStyle
from desktop_app.reports.pdf import pdf_bytes
from desktop_app.reports.xlsx import xlsx_bytes
from desktop_app.storage.database import Database

H1 = Period.parse("2026-H1")


def pdf_text(report: Report) -> str:
    reader = PdfReader(io.BytesIO(pdf_bytes(report)))
    return " ".join(" ".join((page.extract_text() or "").replace("\xa0", " ").split()) for page in reader.pages)


@pytest.fixture
def sources(demo_db: Database, demo_paths: DataPaths) -> ReportSources:
    return ReportSources.open(demo_db, demo_paths)


def test_measures_report_lists_every_measure_with_its_state(sources: ReportSources, demo_actor: Actor) -> None:
    report = measures_report(sources, demo_actor, ReportRequest(ReportKind.MEASURES, Period.parse("2025-H2")))
    [table] = report.tables
    measures = [row for row in table.rows if row.style is RowStyle.NORMAL]
    assert len(measures) == 31
    text = pdf_text(report)
    assert "Отчёт об исполнении «дорожной карты»" in text and "за II полугодие 2025 г." in text
    assert "УТВЕРЖДАЮ" in text and demo_actor.full_name in text
    states = {row.cells[4].value for row in measures}
    assert "нет отчёта" not in states and "выполнено" in states, "the demo's II half-year 2025 is fully reported"
    current = measures_report(sources, demo_actor, ReportRequest(ReportKind.MEASURES, Period.parse("2026-H1")))
    [table] = current.tables
    current_states = {row.cells[4].value for row in table.rows if row.style is RowStyle.NORMAL}
    missing = {"нет отчёта", "просрочен: отчёта нет"}  # before or after its deadline, depending on today
    assert missing & current_states and len(current_states) > 1, "the half-year being reported is partly filled"


def test_indicators_report_has_plan_per_period_fact_and_deviation(sources: ReportSources, demo_actor: Actor) -> None:
    report = indicators_report(sources, demo_actor, ReportRequest(ReportKind.INDICATORS, H1))
    [table] = report.tables
    labels = [cell.text for cell in table.header[1]]
    assert labels == ["I полугодие 2025 г.", "II полугодие 2025 г.", "I полугодие 2026 г.", "II полугодие 2026 г."]
    assert table.header[0][4].text == "Факт за I полугодие 2026 г."
    row = next(row for row in table.rows if row.cells[0].value == "1.2")
    assert row.cells[1].value == "Удельный вес детей, возвращенных в кровную семью"
    assert report.sections[0].charts, "plan against fact is drawn"
    workbook = load_workbook(io.BytesIO(xlsx_bytes(report)))
    sheet = workbook.worksheets[0]
    assert any("Прогнозируемые значения" in str(cell.value) for row in sheet.iter_rows() for cell in row)


def test_families_report_has_the_register_and_the_placements(sources: ReportSources, demo_actor: Actor) -> None:
    report = families_report(sources, demo_actor, ReportRequest(ReportKind.FAMILIES, H1))
    register, placements = report.tables
    total = register.rows[-1]
    assert total.style is RowStyle.TOTAL and total.cells[1].value == "Итого"
    assert [row.cells[0].value for row in placements.rows][-1] == "I полугодие 2026 г."
    assert "Статистика размещений детей" in pdf_text(report)


def test_a_district_cannot_make_the_consolidated_report(sources: ReportSources, demo_actor: Actor) -> None:
    with pytest.raises(UserError, match="региональный координатор"):
        consolidated_report(sources, demo_actor, ReportRequest(ReportKind.CONSOLIDATED, H1))
    with pytest.raises(UserError, match="региональный координатор"):
        measures_report(sources, demo_actor, ReportRequest(ReportKind.MEASURES, H1, ALL_DISTRICTS))


def test_consolidated_report_totals_by_the_rules_and_marks_who_has_not_reported(tmp_path: Path) -> None:
    from desktop_app.core.resources import demo_program
    from desktop_app.services.program_store import store_program
    from tests.exchange.test_end_to_end import (
        DISTRICTS,
        PERIOD,
        REGION,
        RETURNED,
        Installation,
        district_installation,
        enter_returned,
    )

    region = Installation(tmp_path / "region", REGION)
    with region.db.transaction() as session:
        store_program(session, demo_program())
    package = tmp_path / "region.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    for name in DISTRICTS[:2]:
        district = district_installation(tmp_path / name, name)
        district.take(package)
        enter_returned(district, *RETURNED[name])
        bundle = tmp_path / f"{name}.opeka"
        district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
        region.take(bundle)
    sources = ReportSources.open(region.db, region.paths)
    report = consolidated_report(sources, SYSTEM_ACTOR, ReportRequest(ReportKind.CONSOLIDATED, PERIOD))
    first = report.sections[0].table
    assert first is not None
    column = 3 + [cell.text.split()[0] for cell in first.header[1]].index("1.2")
    by_district = {row.cells[1].value: row for row in first.rows}
    assert by_district[DISTRICTS[0]].cells[column].value == 75.0
    assert by_district[DISTRICTS[2]].cells[2].value == "нет пакета" and by_district[DISTRICTS[2]].cells[column].is_empty
    total = first.rows[-1]
    assert total.style is RowStyle.TOTAL and total.cells[column].value == pytest.approx(40.0)  # (3+1)/(4+6)
    text = pdf_text(report)
    assert "Всего по региону" in text and "40,0 %" in text and "Отчитались 2 из" in text


def test_form_report_prints_the_answers_in_the_forms_layout(sources: ReportSources, demo_actor: Actor) -> None:
    from desktop_app.formkit.definition import QuestionKind

    year = Period.parse("2025")
    state = sources.forms.state(demo_actor, "early-help-monitoring", year, sources.own_territory, with_offers=False)
    yes_no = next(q for q in state.form.questions if q.kind is QuestionKind.YES_NO)
    note = next(q for q in state.form.questions if q.kind is QuestionKind.TEXT)
    pair = next(q for q in state.form.questions if q.kind is QuestionKind.YEAR_PAIR and not q.rows)
    table = next(q for q in state.form.questions if q.kind is QuestionKind.TABLE)
    answers = {
        yes_no.id: {"value": True, "detail": "Приказ № 12 от 01.02.2025"},
        note.id: "Протокол № 5",
        pair.id: {"_": {"0": 1234, "-1": 7}},
    }
    sources.forms.save(demo_actor, state, answers)
    request = ReportRequest(ReportKind.FORM, year, form_id="early-help-monitoring")
    report = build_report(sources, demo_actor, request)
    rows = {row.cells[0].value: row for section in report.sections if section.table for row in section.table.rows}
    assert rows[yes_no.number].cells[2].value.startswith("Да")
    assert rows[note.number].cells[2].value == "Протокол № 5"
    titles = [section.title for section in report.sections]
    assert f"{table.number} {table.text}".strip() in titles, "a table question is a table of its own, in its place"
    text = pdf_text(report)
    assert "2025 г. 1 234" in text and "2024 г. 7" in text, "a line per year, the number in the answer column"
    assert "за 2025 год" in text and "Состояние ответов: черновик" in text
    with pytest.raises(UserError, match="Укажите форму"):
        build_report(sources, demo_actor, ReportRequest(ReportKind.FORM, year))
    with pytest.raises(UserError, match="составляется в региональной установке"):
        build_report(sources, demo_actor, ReportRequest(ReportKind.FORM, year, ALL_DISTRICTS, "early-help-monitoring"))


@pytest.mark.usefixtures("cli_credentials")
def test_opeka_report_writes_the_file_asked_for(
    demo_paths: DataPaths, demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from desktop_app.cli.main import main

    demo_db.close()
    out = tmp_path / "показатели.xlsx"
    base = ["--data-dir", str(demo_paths.root), "report"]
    code = main([*base, "indicators", "--period", "2026-H1", "--format", "xlsx", "--out", str(out), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["rows"] > 20 and load_workbook(out).worksheets
    code = main([*base, "consolidated", "--period", "2026-H1", "--format", "pdf", "--out", str(tmp_path / "с.pdf")])
    assert code != 0 and "региональный координатор" in capsys.readouterr().err
    code = main([*base, "measures", "--period", "2026-H1", "--format", "pdf", "--out", str(tmp_path / "m.xlsx")])
    assert code != 0 and "расширение .pdf" in capsys.readouterr().err


def test_the_head_of_the_office_signs_and_approves(sources: ReportSources, demo_actor: Actor) -> None:
    assert sources.auth is not None  # the demo has its head's account (login «head»)
    report = measures_report(sources, demo_actor, ReportRequest(ReportKind.MEASURES, H1))
    assert report.approval is not None and report.approval.name == "Морозова Ирина Александровна (демо)"
    assert [(s.position, s.name) for s in report.signatures] == [
        ("Начальник отдела опеки и попечительства", "Морозова Ирина Александровна (демо)"),
        ("Главный специалист отдела опеки и попечительства", demo_actor.full_name),
    ]
