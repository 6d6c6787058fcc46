"""The reports on every district at the region read their figures for all districts at once (issue 26 §2);
each district's section still shows exactly its own figures: the values it entered, its own plan where it
has one and the program's otherwise, its reports with their documents, its families and placements."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select

from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_program
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind
from desktop_app.reports.builders.dispatch import build_report
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.formatting import cell_text
from desktop_app.reports.model import Report, Section
from desktop_app.services.program_store import store_program
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.models import (
    ChildPlacement,
    ExecutionReport,
    FamilyStep,
    ImportLogEntry,
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    IndicatorValue,
    Measure,
    Program,
    ReportDocument,
    ResourceFamily,
    SyncPeer,
)

DISTRICTS = ("Район Альфа", "Район Бета", "Район Гамма")  # Гамма sent nothing
COUNTS = {"Район Альфа": (30.0, 40.0), "Район Бета": (5.0, 7.0)}  # (previous half-year, chosen half-year)
PROGRAM_PLAN, OWN_PLAN = (80.0, 100.0), 50.0  # the program's plan for both half-years; Бета's own for the chosen


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportSources, Period, str, str]:
    """The region's sources, the chosen half-year, the code of the count indicator and the measure's number."""
    paths = DataPaths(Path(tmp_path_factory.mktemp("region")) / "region")
    request = SetupRequest(InstallationKind.REGION, "29", "", "Министерство", "coordinator", "Координатор", "pass-2025")
    db = create_installation(paths, request)
    paths.ensure()
    with db.transaction() as session:
        store_program(session, demo_program())
    with db.transaction() as session:
        program = session.scalars(select(Program)).one()
        first = Period.parse(f"{program.period_start.year}-H{1 if program.period_start.month <= 6 else 2}")
        previous, period = first, first.next()
        indicator = session.scalars(
            select(Indicator)
            .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
            .where(IndicatorGroup.program_id == program.id, Indicator.kind == "count", Indicator.source == "")
            .order_by(IndicatorGroup.position, Indicator.position)
        ).first()
        assert indicator is not None
        session.execute(delete(IndicatorPlan).where(IndicatorPlan.indicator_id == indicator.id))
        plans = [(previous, "", PROGRAM_PLAN[0]), (period, "", PROGRAM_PLAN[1]), (period, "Район Бета", OWN_PLAN)]
        session.execute(
            insert(IndicatorPlan),
            [
                {"id": str(uuid.uuid4()), "indicator_id": indicator.id, "period": p.code, "territory": t, "value": v}
                for p, t, v in plans
            ],
        )
        measure = session.scalars(select(Measure).order_by(Measure.position)).first()
        assert measure is not None
        arrived = datetime(period.end.year, period.end.month, period.end.day, tzinfo=UTC)
        for name in DISTRICTS:
            installation = str(uuid.uuid4())
            session.add(SyncPeer(installation_id=installation, kind="district", district=name, name=name))
            if name not in COUNTS:
                continue
            session.add(
                ImportLogEntry(at=arrived, source_installation=installation, result="applied", periods=[period.code])
            )
            for when, value in zip((previous, period), COUNTS[name], strict=True):
                session.add(IndicatorValue(indicator_id=indicator.id, period=when.code, territory=name, value=value))
        report_id = str(uuid.uuid4())
        session.execute(
            insert(ExecutionReport),
            [
                {
                    "id": report_id,
                    "measure_id": measure.id,
                    "period": period.code,
                    "territory": "Район Альфа",
                    "status": "done",
                    "done_text": "Проведено 3 занятия",
                    "quantity": 12.0,
                    "reported_by": "Иванова",
                    "reported_at": arrived,
                }
            ],
        )
        for position, (title, number) in enumerate((("Протокол", "5"), ("Акт", "7"))):
            session.add(
                ReportDocument(
                    report_id=report_id,
                    position=position,
                    title=title,
                    doc_number=number,
                    doc_date=date(period.start.year, 2, 1),
                    sha256="0" * 64,
                    file_name=f"{title}.pdf",
                )
            )
        _families(session, period)
        code = indicator.code
        number = measure.number
    return ReportSources.open(db, paths, date(period.end.year, 12, 30)), period, code, number


def _families(session: object, period: Period) -> None:
    """Альфа: three families, one entered after the period; two children placed, one of them back home before
    the period's end. Бета: one family, no child."""
    rows = []
    for number, (name, since) in enumerate(
        (
            ("Район Альфа", period.start),
            ("Район Альфа", period.start),
            ("Район Альфа", date(period.end.year + 1, 1, 10)),  # after the period: not in the extract
            ("Район Бета", period.start),
        ),
        1,
    ):
        family = str(uuid.uuid4())
        rows.append((family, name))
        session.add(  # type: ignore[attr-defined]
            ResourceFamily(
                id=family,
                code=f"РС-{number:04d}",
                display_name="—",
                municipality=name,
                status="in_register",
                status_since=since,
                capacity_children=2,
            )
        )
        session.add(FamilyStep(family_id=family, stage="in_register", on_date=since))  # type: ignore[attr-defined]
    first = rows[0][0]
    for start, end, outcome in (
        (period.start, None, "ongoing"),
        (period.start, period.start.replace(day=20), "returned"),
    ):
        session.add(  # type: ignore[attr-defined]
            ChildPlacement(
                family_id=first,
                child_code=str(uuid.uuid4())[:8],
                child_birth_date=date(2020, 1, 1),
                child_sex="м",
                start_date=start,
                end_date=end,
                legal_form="parental_request",
                outcome=outcome,
            )
        )


def section(report: Report, title: str) -> Section:
    return next(item for item in report.sections if item.title == title)


def body(section: Section) -> list[list[str]]:
    assert section.table is not None
    return [[cell_text(cell) for cell in row.cells] for row in section.table.rows]


def test_indicators_on_every_district_show_each_districts_values_and_own_plans(
    region: tuple[ReportSources, Period, str, str],
) -> None:
    sources, period, code, _ = region
    report = build_report(sources, SYSTEM_ACTOR, ReportRequest(ReportKind.INDICATORS, period, ALL_DISTRICTS))
    for name, plan in (("Район Альфа", PROGRAM_PLAN[1]), ("Район Бета", OWN_PLAN)):
        rows = body(section(report, name))
        row = next(cells for cells in rows if cells[0] == code)
        # № / name / unit / the plans of every half-year of the program / fact / deviation
        labels = [cell.text for cell in section(report, name).table.header[1]]  # type: ignore[union-attr]
        plans = dict(zip(labels, row[3:-2], strict=True))
        assert plans[period.previous().label] == f"{PROGRAM_PLAN[0]:.0f}"
        assert plans[period.label] == f"{plan:.0f}"
        fact = COUNTS[name][1]
        assert row[-2] == f"{fact:.0f}"
        assert row[-1] == f"{fact - plan:.0f}"  # Альфа 40 − 100 = −60, Бета 7 − 50 = −43
    assert "Район Гамма" in " ".join(text for item in report.sections for text in (item.title, *item.notes))


def test_roadmap_on_every_district_shows_each_districts_report_and_documents(
    region: tuple[ReportSources, Period, str, str],
) -> None:
    sources, period, _, number = region
    report = build_report(sources, SYSTEM_ACTOR, ReportRequest(ReportKind.MEASURES, period, ALL_DISTRICTS))
    alpha = section(report, "Район Альфа")
    row = next(cells for cells in body(alpha) if cells[0].endswith(number) and cells[5])
    day = f"01.02.{period.start.year}"
    assert row[5:8] == ["Проведено 3 занятия", "12", f"Протокол № 5 от {day}; Акт № 7 от {day}"]
    assert "Отчёты исполнителей утверждены руководителем: 0 из 1 представленных." in alpha.notes
    beta = section(report, "Район Бета")
    assert "Отчёты исполнителей утверждены руководителем: 0 из 0 представленных." in beta.notes
    assert all(cells[5] == "" for cells in body(beta) if len(cells) > 1)


def test_families_on_every_district_count_each_districts_own(region: tuple[ReportSources, Period, str, str]) -> None:
    sources, period, _, _ = region
    report = build_report(sources, SYSTEM_ACTOR, ReportRequest(ReportKind.FAMILIES, period, ALL_DISTRICTS))
    alpha = body(section(report, "Район Альфа: реестр"))
    # two families known at the period's end, one child still placed: capacity 2 + 2, placed 1, free 3
    assert alpha[-1][2] == "семей: 2, готовы принять детей: 2"
    assert alpha[-1][6:9] == ["4", "1", "3"]
    beta = body(section(report, "Район Бета: реестр"))
    assert beta[-1][6:9] == ["2", "0", "2"]
    placements = body(section(report, "Район Альфа: размещения"))
    chosen = next(cells for cells in placements if cells[0] == period.label)
    # begun: 2 (both by parents' request); ended: 1 (returned); placed at the end: 1
    assert (chosen[1], chosen[2], chosen[-1]) == ("2", "2", "1")
    assert body(section(report, "Район Бета: размещения"))[-1][1] == "0"
